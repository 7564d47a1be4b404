package org.interviewpanel.security;

import java.util.Set;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.interviewpanel.kernel.Problem;
import org.interviewpanel.kernel.ProblemType;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.vertx.ext.web.RoutingContext;

/**
 * Anti-forgery for everything the console's session cookie can authenticate. It runs after routing, on the endpoint
 * the request resolved to, so no spelling of the path can get around it: an unsafe call (not GET, HEAD or OPTIONS)
 * that rides on the console's cookie, without a bearer token, must carry {@code X-Requested-With: JavaScript} — a
 * header a cross-site form cannot send and a cross-site script cannot send without a CORS preflight we never grant.
 */
public class CsrfFilter {

    static final String HEADER = "X-Requested-With";
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

    @ServerRequestFilter
    public Response check(ContainerRequestContext request, RoutingContext ctx) {
        if (SAFE.contains(request.getMethod()) || request.getHeaderString(HttpHeaders.AUTHORIZATION) != null
                || !ConsoleTenant.hasSessionCookie(ctx) || "JavaScript".equals(request.getHeaderString(HEADER))) {
            return null;
        }
        return Problem.of(ProblemType.CSRF, "Requests from the console must carry the header " + HEADER
                + ": JavaScript").toResponse();
    }
}
