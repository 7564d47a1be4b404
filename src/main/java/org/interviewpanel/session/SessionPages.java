package org.interviewpanel.session;

import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.interviewpanel.questionset.QuestionSetDtos.SetSummary;
import org.interviewpanel.questionset.QuestionSetService;
import org.interviewpanel.security.CurrentUser;
import org.interviewpanel.security.PeopleDirectory;
import org.interviewpanel.security.Roles;
import org.interviewpanel.session.SessionDtos.SessionSummary;
import org.interviewpanel.session.SessionDtos.SessionView;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** The console's session pages: my sessions, the schedule form, a session with the lead's controls. */
@Path("/sessions")
@Produces(MediaType.TEXT_HTML)
public class SessionPages {

    /** A group of sessions on the list page. */
    public record Group(String key, String title, String empty, List<SessionSummary> sessions) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(List<Group> groups, boolean seesAll, boolean canSchedule);

        static native TemplateInstance schedule(List<SetSummary> sets, List<PeopleDirectory.Person> people, String me);

        static native TemplateInstance detail(SessionView session, boolean isLead, boolean isPanelist,
                boolean seesAll);
    }

    @Inject
    SessionService sessions;

    @Inject
    QuestionSetService sets;

    @Inject
    PeopleDirectory people;

    @Inject
    CurrentUser user;

    SessionService.Viewer viewer() {
        return SessionService.Viewer.of(user);
    }

    @GET
    @RolesAllowed({ Roles.INTERVIEWER, Roles.HIRING_MANAGER, Roles.ADMIN })
    @Operation(hidden = true)
    public TemplateInstance list() {
        List<SessionSummary> all = sessions.list(viewer(), null, false);
        List<Group> groups = List.of(
                new Group("live", "Live now", "No session is live.", filter(all, InterviewSession.Status.LIVE)),
                new Group("upcoming", "Upcoming", "Nothing scheduled.", filter(all, InterviewSession.Status.SCHEDULED)),
                new Group("ended", "Ended, awaiting scorecards and a decision", "None waiting.",
                        filter(all, InterviewSession.Status.ENDED)),
                new Group("closed", "Decided or cancelled", "None yet.", all.stream()
                        .filter(s -> s.status() == InterviewSession.Status.DECIDED
                                || s.status() == InterviewSession.Status.CANCELLED)
                        .toList()));
        boolean canSchedule = user.has(Roles.INTERVIEWER) || user.isAdmin();
        return Templates.list(groups, viewer().seesAll(), canSchedule);
    }

    @GET
    @Path("new")
    @RolesAllowed({ Roles.INTERVIEWER, Roles.ADMIN })
    @Operation(hidden = true)
    public TemplateInstance schedule() {
        return Templates.schedule(sets.list(false, user.actor()), people.withRole(Roles.INTERVIEWER, null),
                user.username());
    }

    @GET
    @Path("{id}")
    @RolesAllowed({ Roles.INTERVIEWER, Roles.HIRING_MANAGER, Roles.ADMIN })
    @Operation(hidden = true)
    public TemplateInstance detail(@PathParam("id") UUID id) {
        SessionView session = sessions.get(id, viewer());
        boolean isLead = session.panel().stream().anyMatch(p -> p.lead() && p.username().equals(user.username()));
        boolean isPanelist = session.panel().stream().anyMatch(p -> p.username().equals(user.username()));
        return Templates.detail(session, isLead, isPanelist, viewer().seesAll());
    }

    private static List<SessionSummary> filter(List<SessionSummary> all, InterviewSession.Status status) {
        return all.stream().filter(s -> s.status() == status).toList();
    }
}
