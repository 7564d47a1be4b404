package org.interviewpanel.kernel;

import java.net.URI;
import java.util.List;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An RFC 9457 problem detail, the body of every error the API returns. {@code type} is stable and documented; clients
 * branch on it, never on {@code detail}.
 */
@Schema(name = "Problem", description = "RFC 9457 problem detail (application/problem+json)")
public record Problem(URI type, String title, int status, String detail, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final MediaType PROBLEM_JSON = MediaType.valueOf(MEDIA_TYPE);
    private static final String BASE = "https://interview-panel.org/problems/";

    @Schema(name = "FieldError")
    public record FieldError(String field, String message) {
    }

    public static Problem of(ProblemType type, String detail) {
        return new Problem(URI.create(BASE + type.slug), type.title, type.status, detail, null);
    }

    public static Problem of(ProblemType type, String detail, List<FieldError> errors) {
        return new Problem(URI.create(BASE + type.slug), type.title, type.status, detail,
                errors == null || errors.isEmpty() ? null : List.copyOf(errors));
    }

    public Response toResponse() {
        return Response.status(status).type(PROBLEM_JSON).entity(this).build();
    }
}
