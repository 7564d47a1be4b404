package org.interviewpanel.session;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
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
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.interviewpanel.kernel.Problem;
import org.interviewpanel.kernel.ProblemException;
import org.interviewpanel.kernel.ProblemType;
import org.interviewpanel.security.CurrentUser;
import org.interviewpanel.security.Roles;

/** Candidate privacy for admins: find by email, export, erase, and the retention job's dry run. */
@Path("/api/admin/candidates")
@Tag(name = "Privacy")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class CandidateAdminResource {

    public record Items(List<CandidatePrivacy.Found> items) {
    }

    @Schema(name = "EraseCandidate")
    public record Erase(@NotBlank @Size(max = 2000) String reason) {
    }

    @Inject
    CandidatePrivacy privacy;

    @Inject
    CandidateRetention retention;

    @Inject
    CurrentUser user;

    @GET
    @Operation(summary = "Candidate records by exact email", description = "Case does not matter. One record per "
            + "session; an erased record no longer matches.")
    @APIResponse(responseCode = "200", description = "The records (possibly none)")
    @APIResponse(responseCode = "400", description = "No email, or not an email")
    public Items find(@QueryParam("email") @NotBlank @Email @Size(max = 320) String email) {
        return new Items(privacy.find(email));
    }

    @GET
    @Path("retention")
    @Operation(summary = "The retention job's dry run", description = "Which candidate records the next run erases: "
            + "decided or cancelled longer ago than panel.privacy.retention")
    @APIResponse(responseCode = "200", description = "The records due")
    public CandidateRetention.DryRun retention() {
        return retention.dryRun();
    }

    @GET
    @Path("{candidateRef}/export")
    @Operation(summary = "Everything held about a candidate", description = "Identity, session, panel, ratings and "
            + "notes, scorecards, decision and rationale, link history, mails sent to them, audit entries. The export "
            + "is itself audited.")
    @APIResponse(responseCode = "200", description = "The export (JSON, as an attachment)")
    @APIResponse(responseCode = "400", description = "Not a candidate reference")
    @APIResponse(responseCode = "403", description = "Not an admin, or seated on the candidate's panel with the own "
            + "scorecard not yet submitted")
    @APIResponse(responseCode = "404", description = "No such candidate")
    public Response export(@PathParam("candidateRef") String candidateRef) {
        UUID ref = ref(candidateRef);
        return Response.ok(privacy.export(ref, user.actor().username()))
                .header("Content-Disposition", "attachment; filename=\"candidate-" + ref + ".json\"")
                .header("Cache-Control", "no-store").build();
    }

    @POST
    @Path("{candidateRef}/erase")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Erase a candidate's identity and free text", description = "Name, email, rating notes, "
            + "scorecard summaries, the decision's rationale, mails to them and their device are erased in one "
            + "transaction with a candidate.erased event; ratings, recommendations and the decision stay under the "
            + "pseudonymous reference. A repeat is a harmless no-op (erased: false).")
    @APIResponse(responseCode = "202", description = "Erased (or erased before)")
    @APIResponse(responseCode = "400", description = "No reason, or not a candidate reference")
    @APIResponse(responseCode = "404", description = "No such candidate")
    public Response erase(@PathParam("candidateRef") String candidateRef, @NotNull @Valid Erase body) {
        UUID ref = ref(candidateRef);
        boolean erased = privacy.erase(ref, body.reason().strip(), user.actor().username());
        return Response.accepted(Map.of("candidateRef", ref, "erased", erased)).build();
    }

    private static UUID ref(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(ProblemType.VALIDATION, "candidateRef: not a candidate reference (a UUID)",
                    List.of(new Problem.FieldError("candidateRef", "not a UUID")));
        }
    }
}
