package org.interviewpanel.session;

import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.interviewpanel.kernel.Problem;
import org.interviewpanel.kernel.ProblemType;

/** The candidate page's one API call, authenticated by the candidate cookie (no account). */
@Path("/api/candidate")
@Tag(name = "Candidate")
public class CandidateApiResource {

    @Inject
    CandidateLinks links;

    @Inject
    CandidateSessionView views;

    @Inject
    Invitations invitations;

    @GET
    @Path("calendar.ics")
    @PermitAll
    @Produces("text/calendar")
    @Operation(summary = "The candidate's calendar entry (candidate cookie)", description = "Position, time (UTC), "
            + "the meeting link; no panel names or emails. METHOD:CANCEL once the session is cancelled.")
    @APIResponse(responseCode = "200", description = "text/calendar")
    @APIResponse(responseCode = "401", description = "No valid candidate cookie")
    public Response calendar(@CookieParam(CandidateResource.COOKIE) String device) {
        return links.sessionOf(device)
                .map(s -> Response.ok(invitations.candidateCalendar(s)).type("text/calendar; charset=UTF-8")
                        .header("Content-Disposition", "attachment; filename=\"interview.ics\"")
                        .header("Cache-Control", "no-store").build())
                .orElseGet(CandidateApiResource::notConnected);
    }

    @GET
    @Path("session")
    @PermitAll
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The candidate's view of their session (candidate cookie)", description = "Position, "
            + "status, the panel's names and the current question; never rubrics, ratings, notes or other sessions.")
    @APIResponse(responseCode = "200", description = "The candidate's session")
    @APIResponse(responseCode = "401", description = "No valid candidate cookie (revoked, superseded or expired)")
    public Response session(@CookieParam(CandidateResource.COOKIE) String device) {
        return links.sessionOf(device)
                .map(s -> Response.ok(views.candidateView(s)).header("Cache-Control", "no-store").build())
                .orElseGet(CandidateApiResource::notConnected);
    }

    /** No valid candidate cookie: revoked, superseded by another device, or expired. */
    private static Response notConnected() {
        return Response.status(401).type(Problem.PROBLEM_JSON).entity(Problem.of(ProblemType.UNAUTHENTICATED,
                "This page is no longer connected to an interview; open your link again")).build();
    }
}
