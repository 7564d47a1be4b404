package org.interviewpanel.app;

import java.util.Map;

import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.smallrye.health.SmallRyeHealthReporter;

/**
 * Readiness on the public port, status only: {@code {"status":"UP"}} (200) or {@code {"status":"DOWN"}} (503), for a
 * load balancer or a person checking that the console is up. The checks' details, liveness, metrics and the OpenAPI
 * document stay on the management port (9000), which is not exposed.
 */
@Path("/q/health/ready")
public class PublicReadiness {

    @Inject
    SmallRyeHealthReporter health;

    @GET
    @PermitAll
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    public Response ready() {
        boolean down = health.getReadiness().isDown();
        return Response.status(down ? 503 : 200).entity(Map.of("status", down ? "DOWN" : "UP"))
                .header("Cache-Control", "no-store").build();
    }
}
