package org.interviewpanel.calibration;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.interviewpanel.calibration.CalibrationDtos.AttemptInput;
import org.interviewpanel.calibration.CalibrationDtos.AttemptResult;
import org.interviewpanel.calibration.CalibrationDtos.Exercises;
import org.interviewpanel.security.CurrentUser;
import org.interviewpanel.security.Roles;

@Path("/api/calibration/exercises")
@Tag(name = "Calibration")
@Produces(MediaType.APPLICATION_JSON)
public class CalibrationResource {

    @Inject
    CalibrationService calibration;

    @Inject
    CurrentUser user;

    @GET
    @RolesAllowed({ Roles.INTERVIEWER, Roles.HIRING_MANAGER, Roles.ADMIN })
    @Operation(summary = "Reference-answer exercises", description = "Each with the question, its rubric and the "
            + "answers to rate; never the experts' ratings")
    @APIResponse(responseCode = "200", description = "The exercises (of the category, or all)")
    @APIResponse(responseCode = "400", description = "category is not a category key")
    public Exercises list(@QueryParam("category") @Size(max = 200) String category) {
        return new Exercises(calibration.exercises(category, user.username()));
    }

    @POST
    @Path("{id}/attempts")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.INTERVIEWER)
    @Operation(summary = "Take an exercise", description = "Rate every answer 1–5; the result gives your agreement "
            + "with the experts (interval alpha, mean absolute deviation) and then their ratings with a reason each. "
            + "Only your first attempt of an exercise counts toward qualification.")
    @APIResponse(responseCode = "201", description = "Recorded; the feedback")
    @APIResponse(responseCode = "400", description = "Malformed body")
    @APIResponse(responseCode = "404", description = "No such exercise")
    @APIResponse(responseCode = "422", description = "An answer is missing, rated twice, not of this exercise, or a "
            + "rating is not a whole number 1–5 (errors[] names it)")
    public Response attempt(@PathParam("id") UUID id, @NotNull @Valid AttemptInput body) {
        AttemptResult result = calibration.attempt(id, body, user.username());
        return Response.status(Response.Status.CREATED).entity(result).build();
    }
}
