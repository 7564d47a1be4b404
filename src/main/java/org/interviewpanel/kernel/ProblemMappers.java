package org.interviewpanel.kernel;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.hibernate.exception.ConstraintViolationException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import io.quarkus.hibernate.validator.runtime.jaxrs.ResteasyReactiveViolationException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/**
 * Turns every failure into application/problem+json. Client mistakes keep their 4xx; anything unexpected becomes a
 * 500 with a neutral detail and is logged with its stack trace on the server only.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return e.problem().toResponse();
    }

    @ServerExceptionMapper
    public Response violations(ResteasyReactiveViolationException e) {
        return violationsProblem(e.getConstraintViolations());
    }

    @ServerExceptionMapper
    public Response violations(jakarta.validation.ConstraintViolationException e) {
        return violationsProblem(e.getConstraintViolations());
    }

    @ServerExceptionMapper
    public Response uniqueness(ConstraintViolationException e) {
        // A database constraint caught a race two requests lost together; report it as a conflict.
        LOG.debugf("database constraint %s", e.getConstraintName());
        return Problem.of(ProblemType.CONFLICT, "The change conflicts with existing data (" + e.getConstraintName() + ")")
                .toResponse();
    }

    // Quarkus maps these Jackson types itself; naming each one here makes ours the more specific mapper.
    @ServerExceptionMapper
    public Response json(UnrecognizedPropertyException e) {
        return json((JsonProcessingException) e);
    }

    @ServerExceptionMapper
    public Response json(InvalidFormatException e) {
        return json((JsonProcessingException) e);
    }

    @ServerExceptionMapper
    public Response json(MismatchedInputException e) {
        return json((JsonProcessingException) e);
    }

    @ServerExceptionMapper
    public Response json(JsonMappingException e) {
        return json((JsonProcessingException) e);
    }

    @ServerExceptionMapper
    public Response json(JsonParseException e) {
        return json((JsonProcessingException) e);
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e) {
        if (e instanceof JsonEOFException || String.valueOf(e.getOriginalMessage()).contains("end-of-input")) {
            return Problem.of(ProblemType.MALFORMED_JSON, "The body ends before the JSON is complete").toResponse();
        }
        if (e instanceof UnrecognizedPropertyException u) {
            String field = path(u);
            return Problem.of(ProblemType.VALIDATION, "Unknown field '" + field + "'",
                    List.of(new Problem.FieldError(field, "unknown field"))).toResponse();
        }
        if (e instanceof InvalidFormatException f) {
            String field = path(f);
            return Problem.of(ProblemType.VALIDATION, field + ": wrong type or format",
                    List.of(new Problem.FieldError(field, "cannot read value '" + f.getValue() + "'"))).toResponse();
        }
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            String field = path(m);
            return Problem.of(ProblemType.VALIDATION, field + ": wrong type",
                    List.of(new Problem.FieldError(field, "wrong type"))).toResponse();
        }
        String where = e instanceof JsonParseException p && p.getLocation() != null
                ? " at line " + p.getLocation().getLineNr() + ", column " + p.getLocation().getColumnNr()
                : "";
        return Problem.of(ProblemType.MALFORMED_JSON, "The body is not well-formed JSON" + where).toResponse();
    }

    @ServerExceptionMapper
    public Response unauthenticated(AuthenticationFailedException e) {
        return unauthorized();
    }

    @ServerExceptionMapper
    public Response unauthenticated(UnauthorizedException e) {
        return unauthorized();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return Problem.of(ProblemType.FORBIDDEN, "Your roles do not allow this").toResponse();
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException cause) {
            return json(cause);
        }
        int status = e.getResponse().getStatus();
        ProblemType type = ProblemType.forStatus(status);
        String detail = switch (status) {
            case 404 -> "No such resource";
            case 405 -> "This method is not allowed here";
            case 406 -> "None of the accepted media types can be produced";
            case 415 -> "Send application/json";
            default -> e.getMessage();
        };
        Response.ResponseBuilder response = Response.status(status).type(Problem.PROBLEM_JSON)
                .entity(new Problem(Problem.of(type, detail).type(), type.title, status, detail, null));
        if (e instanceof NotAllowedException && e.getResponse().getHeaderString(HttpHeaders.ALLOW) != null) {
            response.header(HttpHeaders.ALLOW, e.getResponse().getHeaderString(HttpHeaders.ALLOW));
        }
        return response.build();
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Throwable e) {
        LOG.error("Unexpected error", e);
        return Problem.of(ProblemType.INTERNAL, "Something went wrong on our side; it has been logged").toResponse();
    }

    static Response unauthorized() {
        return Response.status(401).type(Problem.PROBLEM_JSON)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"interview-panel\"")
                .entity(Problem.of(ProblemType.UNAUTHENTICATED, "Send a valid bearer token for this API")).build();
    }

    private static Response violationsProblem(java.util.Set<? extends ConstraintViolation<?>> violations) {
        List<Problem.FieldError> errors = violations.stream()
                .map(v -> new Problem.FieldError(jsonName(field(v.getPropertyPath()), v.getLeafBean()), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        String detail = errors.stream().map(f -> f.field() + ": " + f.message()).collect(Collectors.joining("; "));
        return Problem.of(ProblemType.VALIDATION, detail, errors).toResponse();
    }

    /**
     * "create.body.items[2].minutes" → "items[2].minutes"; "list.size" → "size": a body's fields by their path, a query
     * parameter by its name.
     */
    static String field(Path path) {
        StringBuilder out = new StringBuilder();
        String parameter = "body";
        for (Path.Node node : path) {
            switch (node.getKind()) {
                case METHOD, CONSTRUCTOR, RETURN_VALUE, CROSS_PARAMETER -> {
                }
                case PARAMETER -> {
                    out.setLength(0);
                    parameter = node.getName();
                }
                default -> {
                    if (node.isInIterable()) {
                        out.append('[').append(node.getIndex() != null ? node.getIndex() : node.getKey()).append(']');
                    }
                    if (node.getKind() != jakarta.validation.ElementKind.CONTAINER_ELEMENT && node.getName() != null) {
                        if (out.length() > 0) {
                            out.append('.');
                        }
                        out.append(node.getName());
                    }
                }
            }
        }
        return out.length() == 0 ? parameter : out.toString();
    }

    /** Clients know a field by its JSON name: "rubric.levels.one" is "rubric.levels.1" on the wire. */
    static String jsonName(String field, Object leafBean) {
        int dot = field.lastIndexOf('.');
        String leaf = field.substring(dot + 1);
        if (leafBean == null || leaf.contains("[")) {
            return field;
        }
        try {
            var property = leafBean.getClass().getDeclaredField(leaf).getAnnotation(JsonProperty.class);
            return property == null || property.value().isEmpty() ? field : field.substring(0, dot + 1) + property.value();
        } catch (NoSuchFieldException e) {
            return field;
        }
    }

    private static String path(JsonMappingException e) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (out.length() > 0) {
                    out.append('.');
                }
                out.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.length() == 0 ? "body" : out.toString();
    }
}
