package org.interviewpanel.app;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.interviewpanel.security.CurrentUser;
import org.interviewpanel.security.Roles;
import org.interviewpanel.session.MyWork;
import org.interviewpanel.session.Viewer;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** The console's home page: what waits for the signed-in person. And the page shown after signing out. */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class HomePage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance index(MyWork.Todo work, boolean canSchedule, boolean interviews,
                boolean decides);
    }

    @CheckedTemplate(basePath = "SignedOut")
    static class SignedOutTemplates {
        static native TemplateInstance page();
    }

    @Inject
    MyWork work;

    @Inject
    CurrentUser user;

    @GET
    @RolesAllowed({ Roles.INTERVIEWER, Roles.HIRING_MANAGER, Roles.ADMIN })
    @Operation(hidden = true)
    public TemplateInstance index() {
        return Templates.index(work.of(Viewer.of(user)), user.has(Roles.INTERVIEWER) || user.isAdmin(),
                user.has(Roles.INTERVIEWER), user.isReportsVisible());
    }

    @GET
    @Path("signed-out")
    @PermitAll
    @Operation(hidden = true)
    public TemplateInstance signedOut() {
        return SignedOutTemplates.page();
    }
}
