package org.interviewpanel.session;

import java.net.URI;

import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.vertx.core.http.HttpServerRequest;

/** The candidate's side: redeem the link for a cookie, the candidate page, and its one API call. No account. */
@Path("/")
@Tag(name = "Candidate")
public class CandidateResource {

    static final String COOKIE = "panel_candidate";

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance page();

        /** A plain page for the candidate: the same one for an invalid, revoked or expired link. */
        static native TemplateInstance notice(String title, String message);
    }

    @Inject
    CandidateLinks links;

    @Inject
    RedemptionLimiter limiter;

    @Inject
    SessionConfig config;

    @Inject
    HttpServerRequest request;

    @GET
    @Path("join/{token}")
    @PermitAll
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Redeem a candidate link", description = "Valid: sets the HttpOnly, SameSite=Strict cookie "
            + "and redirects (303) to /candidate. Invalid, revoked or expired: the same neutral 404 page.")
    @APIResponse(responseCode = "303", description = "Redeemed")
    @APIResponse(responseCode = "404", description = "Not a valid link")
    @APIResponse(responseCode = "429", description = "Too many failed attempts from this address (a valid link still "
            + "works)")
    public Response join(@PathParam("token") String token) {
        String client = request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
        // A valid link always works: only failures are counted, and only a failure is ever answered with 429.
        var device = links.redeem(token, client);
        if (device.isEmpty()) {
            if (limiter.failed(client)) {
                return Response.status(429).type(MediaType.TEXT_HTML_TYPE)
                        .header("Retry-After", String.valueOf(config.redemptionWindow().toSeconds()))
                        .header("Cache-Control", "no-store")
                        .entity(Templates.notice("Too many attempts",
                                "Please wait a few minutes before trying your link again."))
                        .build();
            }
            return Response.status(404).type(MediaType.TEXT_HTML_TYPE).header("Cache-Control", "no-store")
                    .entity(Templates.notice("This link is not valid",
                            "Please check the link in your invitation, or ask your interviewer to send you a new one."))
                    .build();
        }
        NewCookie cookie = new NewCookie.Builder(COOKIE).value(device.get()).path("/").httpOnly(true)
                .secure(config.secureCookie()).sameSite(NewCookie.SameSite.STRICT).build();
        return Response.seeOther(URI.create("/candidate")).cookie(cookie).header("Cache-Control", "no-store")
                .header("Referrer-Policy", "no-referrer").build();
    }

    @GET
    @Path("candidate")
    @PermitAll
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public TemplateInstance page() {
        return Templates.page();
    }
}
