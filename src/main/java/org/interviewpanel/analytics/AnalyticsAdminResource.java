package org.interviewpanel.analytics;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.interviewpanel.security.CurrentUser;
import org.interviewpanel.security.Roles;

@Path("/api/admin/analytics/rebuild")
@Tag(name = "Reports")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class AnalyticsAdminResource {

    @Inject
    Rebuild rebuild;

    @Inject
    CurrentUser user;

    @POST
    @Operation(summary = "Rebuild the analytics tables from the topic (admin)", description = "Empties them and "
            + "replays every event from the earliest offset; reports stay readable and say they are rebuilding")
    @APIResponse(responseCode = "202", description = "Started; follow it at GET")
    @APIResponse(responseCode = "409", description = "A rebuild is already running")
    public Response start() {
        return Response.accepted(rebuild.start(user.username())).header("Location", "/api/admin/analytics/rebuild")
                .build();
    }

    @GET
    @Operation(summary = "The rebuild's progress (admin)", description = "state IDLE, RUNNING, DONE or FAILED; events "
            + "done of total, rate and ETA")
    public RebuildState.Progress progress() {
        return rebuild.progress();
    }
}
