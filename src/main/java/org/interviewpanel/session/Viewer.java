package org.interviewpanel.session;

import org.interviewpanel.security.CurrentUser;
import org.interviewpanel.security.Roles;

/** Who is asking about a session: interviewers see only sessions they sit on; hiring managers and admins all. */
public record Viewer(String username, String displayName, boolean interviewer, boolean seesAll) {

    /** The application itself (the live fan-out), which may read any session. */
    public static final Viewer SYSTEM = new Viewer("(system)", "(system)", false, true);

    public static Viewer of(CurrentUser user) {
        return new Viewer(user.username(), user.displayName(), user.has(Roles.INTERVIEWER),
                user.isAdmin() || user.has(Roles.HIRING_MANAGER));
    }
}
