package org.interviewpanel.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.interviewpanel.kernel.RouteOrder;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Security headers on every response: the Content-Security-Policy (scripts and styles from this site only, no inline
 * code), no framing, no sniffing, no referrer; HSTS where the request arrived over TLS (directly, or through a trusted
 * proxy that says so); and {@code Cache-Control: no-store} on everything but static assets, since pages and API
 * answers carry notes, scores and candidate names.
 */
@ApplicationScoped
public class SecurityHeaders {

    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
            + "frame-ancestors 'none'";
    static final String HSTS = "max-age=31536000; includeSubDomains";

    void install(@Observes Router router) {
        router.route().order(RouteOrder.SECURITY_HEADERS).handler(ctx -> {
            ctx.addHeadersEndHandler(v -> apply(ctx));
            ctx.next();
        });
    }

    private static void apply(RoutingContext ctx) {
        var headers = ctx.response().headers();
        headers.set("Content-Security-Policy", CSP);
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("X-Frame-Options", "DENY");
        headers.set("Referrer-Policy", "no-referrer");
        headers.set("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
        if ("https".equalsIgnoreCase(ctx.request().scheme())) {
            headers.set("Strict-Transport-Security", HSTS);
        }
        if (!headers.contains(HttpHeaders.CACHE_CONTROL) && !isStaticAsset(ctx.normalizedPath())) {
            headers.set(HttpHeaders.CACHE_CONTROL, "no-store");
        }
    }

    /** Files that are the same for everyone (the path is canonical: {@link CanonicalPath} ran first). */
    static boolean isStaticAsset(String path) {
        return path.startsWith("/static/") || path.startsWith("/_static/") || path.startsWith("/events/schemas/");
    }
}
