package org.interviewpanel.session;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.interviewpanel.security.CurrentUser;
import org.interviewpanel.security.Roles;

@Path("/api/me/todo")
@Tag(name = "Me")
@Produces(MediaType.APPLICATION_JSON)
public class TodoResource {

    @Inject
    MyWork work;

    @Inject
    CurrentUser user;

    @GET
    @RolesAllowed({ Roles.INTERVIEWER, Roles.HIRING_MANAGER, Roles.ADMIN })
    @Operation(summary = "What waits for the caller", description = "interviews: live now or in the next 7 days; "
            + "scorecardsDue: ended sessions where the caller's scorecard is missing, with the hours since the end; "
            + "decisionsWaiting (hiring managers and admins): ended sessions without a decision")
    @APIResponse(responseCode = "200", description = "The caller's work")
    public MyWork.Todo todo() {
        return work.of(Viewer.of(user));
    }
}
