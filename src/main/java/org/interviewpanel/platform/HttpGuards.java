package org.interviewpanel.platform;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.interviewpanel.security.ConsoleTenant;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Runs before any endpoint: security headers on every response, oversized bodies refused with problem+json before
 * they are read, and the anti-forgery check for API calls that ride on the console's session cookie.
 */
@ApplicationScoped
public class HttpGuards {

    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
            + "frame-ancestors 'none'";
    private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "1M")
    MemorySize maxBodySize;

    void install(@Observes Router router) {
        long maxBody = maxBodySize.asLongValue();
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            ctx.addHeadersEndHandler(v -> securityHeaders(ctx));
            String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && parse(length) > maxBody) {
                reject(ctx, Problem.of(ProblemType.PAYLOAD_TOO_LARGE,
                        "The body is larger than " + maxBody + " bytes"));
                return;
            }
            String uri = ctx.request().uri();
            if (uri != null && uri.toLowerCase(java.util.Locale.ROOT).contains("%00")) {
                // PostgreSQL cannot store or compare NUL characters: refuse them at the door.
                reject(ctx, Problem.of(ProblemType.BAD_REQUEST, "The address contains a NUL character"));
                return;
            }
            if (isCrossSiteUpgrade(ctx)) {
                reject(ctx, Problem.of(ProblemType.FORBIDDEN, "WebSocket connections are accepted from this site only"));
                return;
            }
            if (isForgeable(ctx)) {
                reject(ctx, Problem.of(ProblemType.CSRF,
                        "Requests from the console must carry the header X-Requested-With: JavaScript"));
                return;
            }
            ctx.next();
        });
    }

    /** An unsafe API call authenticated only by the session cookie, without the header a cross-site form cannot set. */
    static boolean isForgeable(RoutingContext ctx) {
        return ctx.normalizedPath().startsWith("/api/")
                && !SAFE.contains(ctx.request().method())
                && ctx.request().getHeader(HttpHeaders.AUTHORIZATION) == null
                && ConsoleTenant.hasSessionCookie(ctx)
                && !"JavaScript".equals(ctx.request().getHeader("X-Requested-With"));
    }

    /** A WebSocket upgrade from another site's page (cross-site WebSocket hijacking rides on cookies). */
    static boolean isCrossSiteUpgrade(RoutingContext ctx) {
        String origin = ctx.request().getHeader("Origin");
        if (origin == null || !"websocket".equalsIgnoreCase(ctx.request().getHeader("Upgrade"))) {
            return false;
        }
        try {
            java.net.URI uri = java.net.URI.create(origin);
            String originHost = uri.getPort() == -1 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
            return !originHost.equalsIgnoreCase(ctx.request().getHeader(HttpHeaders.HOST));
        } catch (IllegalArgumentException e) {
            return true;
        }
    }

    private static void securityHeaders(RoutingContext ctx) {
        var headers = ctx.response().headers();
        if (!ctx.normalizedPath().startsWith("/q/swagger-ui")) {
            headers.set("Content-Security-Policy", CSP);
        }
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("X-Frame-Options", "DENY");
        headers.set("Referrer-Policy", "no-referrer");
        headers.set("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
        if (!headers.contains("Cache-Control") && ctx.normalizedPath().startsWith("/api/")) {
            headers.set("Cache-Control", "no-store");
        }
    }

    private void reject(RoutingContext ctx, Problem problem) {
        try {
            ctx.response().setStatusCode(problem.status())
                    .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .putHeader(HttpHeaders.CONNECTION, "close")
                    .end(json.writeValueAsString(problem));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            ctx.response().setStatusCode(problem.status()).end();
        }
    }

    private static long parse(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
