package org.interviewpanel.audit;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.interviewpanel.kernel.Instants;
import org.interviewpanel.kernel.Problem;
import org.interviewpanel.kernel.ProblemException;
import org.interviewpanel.kernel.ProblemType;
import org.interviewpanel.security.Roles;

/** The audit trail, for admins: read only (nothing in the API changes or deletes an entry). */
@Path("/api/admin/audit")
@Tag(name = "Privacy")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    public record Items(List<AuditView> items) {
    }

    @Inject
    AuditQueries queries;

    @GET
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Who read or changed what", description = "Debrief reads, exports, erasures, decisions, "
            + "refused rating changes after submit, link rotation and revocation; newest first, at most 1,000. subject: "
            + "sessions/<id>, or a candidateRef (its entries and its session's); from/to: ISO instants.")
    @APIResponse(responseCode = "200", description = "The entries")
    @APIResponse(responseCode = "400", description = "A parameter is not valid")
    public Items find(@QueryParam("subject") @Size(max = 200) String subject,
            @QueryParam("actor") @Size(max = 100) String actor, @QueryParam("from") String from,
            @QueryParam("to") String to) {
        return new Items(queries.find(blankToNull(subject), blankToNull(actor), instant("from", from),
                instant("to", to)));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Instant instant;
        try {
            instant = Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new ProblemException(ProblemType.VALIDATION, name + ": not an ISO-8601 instant such as "
                    + "2026-11-30T00:00:00Z", List.of(new Problem.FieldError(name, "not an ISO-8601 instant")));
        }
        if (!Instants.inRange(instant)) {
            throw new ProblemException(ProblemType.VALIDATION, name + ": " + Instants.RANGE,
                    List.of(new Problem.FieldError(name, Instants.RANGE)));
        }
        return instant;
    }
}
