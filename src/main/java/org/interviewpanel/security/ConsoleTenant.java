package org.interviewpanel.security;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.oidc.TenantResolver;
import io.vertx.ext.web.RoutingContext;

/**
 * Chooses the OIDC tenant per request. The console's pages use the code flow (tenant {@value #WEB}); the API takes
 * bearer tokens (default tenant), and also the console's session cookie so its pages can call the API. An API call
 * with neither gets a 401 problem, never a login redirect.
 */
@ApplicationScoped
public class ConsoleTenant implements TenantResolver {

    public static final String WEB = "web";
    static final String SESSION_COOKIE = "q_session_" + WEB;

    @Override
    public String resolve(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        if (path.startsWith("/q/") || path.startsWith("/join/") || path.equals("/candidate")
                || path.startsWith("/api/candidate") || path.startsWith("/ws/candidate") || path.startsWith("/static/")) {
            return null;
        }
        if (path.startsWith("/api/") || path.startsWith("/ws/")) {
            boolean bearer = ctx.request().getHeader("Authorization") != null;
            return !bearer && hasSessionCookie(ctx) ? WEB : null;
        }
        return WEB;
    }

    public static boolean hasSessionCookie(RoutingContext ctx) {
        return ctx.request().getCookie(SESSION_COOKIE) != null
                || ctx.request().getCookie(SESSION_COOKIE + "_chunk_1") != null;
    }
}
