package org.interviewpanel.scoring;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.interviewpanel.kernel.ProblemException;
import org.interviewpanel.security.CurrentUser;
import org.interviewpanel.security.Roles;
import org.interviewpanel.session.SessionQueries;
import org.interviewpanel.session.Viewer;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** The debrief page: the same rules as the API, so a panelist who has not submitted gets a 403 page, not the data. */
@Path("/sessions/{id}/debrief")
@Produces(MediaType.TEXT_HTML)
public class ScoringPages {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance debrief(ScoringDtos.Debrief debrief, String position, String candidate);

        static native TemplateInstance closed(UUID sessionId, String message);
    }

    @Inject
    ScoringService scoring;

    @Inject
    SessionQueries sessions;

    @Inject
    CurrentUser user;

    @GET
    @RolesAllowed({ Roles.INTERVIEWER, Roles.HIRING_MANAGER, Roles.ADMIN })
    @Operation(hidden = true)
    public Response debrief(@PathParam("id") UUID id) {
        Viewer viewer = Viewer.of(user);
        var session = sessions.get(id, viewer);
        try {
            ScoringDtos.Debrief debrief = scoring.debrief(id, viewer);
            return Response.ok(Templates.debrief(debrief, session.position(), session.candidate().name())).build();
        } catch (ProblemException e) {
            if (e.problem().status() != 403) {
                throw e;
            }
            return Response.status(403).entity(Templates.closed(id, e.problem().detail())).build();
        }
    }
}
