package org.interviewpanel.scoring;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.interviewpanel.scoring.ScoringDtos.Debrief;
import org.interviewpanel.scoring.ScoringDtos.RatingInput;
import org.interviewpanel.scoring.ScoringDtos.RatingView;
import org.interviewpanel.scoring.ScoringDtos.ScorecardView;
import org.interviewpanel.scoring.ScoringDtos.Submit;
import org.interviewpanel.security.CurrentUser;
import org.interviewpanel.security.Roles;
import org.interviewpanel.session.Viewer;

@Path("/api/sessions/{id}")
@Tag(name = "Scoring")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ Roles.INTERVIEWER, Roles.HIRING_MANAGER, Roles.ADMIN })
public class ScoringResource {

    @Inject
    ScoringService scoring;

    @Inject
    CurrentUser user;

    Viewer viewer() {
        return Viewer.of(user);
    }

    @PUT
    @Path("ratings/{position}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Rate one question (panelist)", description = "Sets or changes the caller's rating and note "
            + "while the session is LIVE or ENDED. The same PUT again changes nothing. Publishes rating.recorded.")
    @APIResponse(responseCode = "200", description = "The caller's rating as stored")
    @APIResponse(responseCode = "403", description = "Not a panelist of this session")
    @APIResponse(responseCode = "404", description = "No such session (or not on its panel), or no such question in it")
    @APIResponse(responseCode = "409", description = "The caller's scorecard is submitted; the session is not LIVE or "
            + "ENDED; or a stale revision")
    @APIResponse(responseCode = "422", description = "rating not a whole number 1–5, or note over 10,000 characters")
    public RatingView rate(@PathParam("id") UUID id, @PathParam("position") int position,
            @NotNull @Valid RatingInput body) {
        return scoring.rate(id, position, body, viewer());
    }

    @DELETE
    @Path("ratings/{position}")
    @Operation(summary = "Clear the caller's rating of one question (panelist, before submitting)")
    @APIResponse(responseCode = "204", description = "Cleared (or there was nothing to clear)")
    @APIResponse(responseCode = "400", description = "revision is not a whole number")
    @APIResponse(responseCode = "409", description = "The caller's scorecard is submitted, or a stale revision")
    public void clear(@PathParam("id") UUID id, @PathParam("position") int position,
            @QueryParam("revision") @Pattern(regexp = "[0-9]{1,9}", message = "must be a whole number, 0 or more") String revision) {
        scoring.clear(id, position, revision == null ? null : Integer.valueOf(revision), viewer());
    }

    @GET
    @Path("scorecard")
    @Operation(summary = "The caller's own scorecard (panelist)", description = "Own ratings, notes, recommendation "
            + "and whether it is submitted; never another panelist's")
    @APIResponse(responseCode = "200", description = "The caller's scorecard")
    @APIResponse(responseCode = "403", description = "Not a panelist of this session")
    @APIResponse(responseCode = "404", description = "No such session, or not on its panel")
    public ScorecardView scorecard(@PathParam("id") UUID id) {
        return scoring.scorecard(id, viewer());
    }

    @POST
    @Path("scorecard")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Submit the caller's scorecard (panelist)", description = "Once the session has ENDED; locks "
            + "the caller's ratings and opens the debrief to them. Publishes scorecard.submitted.")
    @APIResponse(responseCode = "200", description = "Submitted")
    @APIResponse(responseCode = "409", description = "Already submitted, or the session is not ENDED")
    public ScorecardView submit(@PathParam("id") UUID id, @NotNull @Valid Submit body) {
        return scoring.submit(id, body, viewer());
    }

    @GET
    @Path("debrief")
    @Operation(summary = "The debrief", description = "Hiring managers and admins; a panelist once they submitted. "
            + "Every shown panelist's ratings and notes, per-item mean and spread, disagreement flags, recommendations.")
    @APIResponse(responseCode = "200", description = "The debrief")
    @APIResponse(responseCode = "403", description = "A panelist who has not submitted yet")
    @APIResponse(responseCode = "404", description = "No such session, or not on its panel")
    public Debrief debrief(@PathParam("id") UUID id) {
        return scoring.debrief(id, viewer());
    }
}
