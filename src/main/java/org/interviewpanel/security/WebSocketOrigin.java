package org.interviewpanel.security;

import java.net.URI;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.interviewpanel.kernel.Problem;
import org.interviewpanel.kernel.ProblemType;
import org.interviewpanel.kernel.RouteOrder;
import org.interviewpanel.kernel.RouteRejection;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;

/**
 * WebSocket upgrades ride on cookies, so one from another site's page is refused (cross-site WebSocket hijacking). An
 * Origin that is not this host — another site, {@code null} (sandboxed frames, file pages), empty or unparsable — is
 * refused with 403. Clients that send no Origin at all (not browsers) authenticate with a bearer token.
 */
@ApplicationScoped
public class WebSocketOrigin {

    void install(@Observes Router router) {
        router.route().order(RouteOrder.WEBSOCKET_ORIGIN).handler(ctx -> {
            if ("websocket".equalsIgnoreCase(ctx.request().getHeader(HttpHeaders.UPGRADE))
                    && !sameSite(ctx.request().getHeader(HttpHeaders.ORIGIN), ctx.request().getHeader(HttpHeaders.HOST))) {
                RouteRejection.reject(ctx, Problem.of(ProblemType.FORBIDDEN,
                        "WebSocket connections are accepted from this site only"));
                return;
            }
            ctx.next();
        });
    }

    /** True when there is no Origin header, or it names this very host. */
    static boolean sameSite(String origin, String host) {
        if (origin == null) {
            return true;
        }
        if (host == null || host.isBlank()) {
            return false;
        }
        try {
            URI uri = new URI(origin.strip());
            if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                return false;
            }
            String originHost = uri.getPort() == -1 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
            return originHost.equalsIgnoreCase(host.strip());
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }
}
