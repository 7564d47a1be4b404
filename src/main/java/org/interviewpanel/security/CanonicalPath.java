package org.interviewpanel.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.interviewpanel.kernel.Problem;
import org.interviewpanel.kernel.ProblemType;
import org.interviewpanel.kernel.RouteOrder;
import org.interviewpanel.kernel.RouteRejection;

import io.vertx.ext.web.Router;

/**
 * Only canonical paths get in: no matrix parameters ({@code ;}), no dot or empty segments, no backslashes and no
 * percent-encoded separators, dots or letters. Routing (JAX-RS strips {@code ;…}, decodes {@code %61}) and string
 * checks on the path could otherwise see two different requests; after this guard every path means what it says, so
 * the tenant choice and cache headers may rely on it. Authorization itself never looks at the path.
 */
@ApplicationScoped
public class CanonicalPath {

    void install(@Observes Router router) {
        router.route().order(RouteOrder.CANONICAL_PATH).handler(ctx -> {
            String query = ctx.request().query();
            String problem = query != null && query.toLowerCase(java.util.Locale.ROOT).contains("%00")
                    ? "a NUL character in the query" // PostgreSQL cannot store or compare NUL
                    : problem(ctx.request().path());
            if (problem != null) {
                RouteRejection.reject(ctx, Problem.of(ProblemType.BAD_REQUEST, "The address is not in canonical form: "
                        + problem));
                return;
            }
            ctx.next();
        });
    }

    /** Why a raw (undecoded) path is not canonical, or null when it is. */
    static String problem(String path) {
        if (path == null || !path.startsWith("/")) {
            return "it must start with /";
        }
        if (path.indexOf(';') >= 0) {
            return "matrix parameters (;) are not accepted";
        }
        if (path.indexOf('\\') >= 0) {
            return "backslashes are not accepted";
        }
        if (path.contains("//")) {
            return "empty segments (//) are not accepted";
        }
        for (String segment : path.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return "dot segments are not accepted";
            }
        }
        for (int i = path.indexOf('%'); i >= 0; i = path.indexOf('%', i + 1)) {
            if (i + 2 >= path.length()) {
                return "a broken percent-encoding";
            }
            int c;
            try {
                c = Integer.parseInt(path.substring(i + 1, i + 3), 16);
            } catch (NumberFormatException e) {
                return "a broken percent-encoding";
            }
            if (c < 0x20 || c == 0x7f || "/\\.;%".indexOf(c) >= 0) {
                return "encoded separators, dots and control characters are not accepted";
            }
            if (Character.isLetterOrDigit(c) && c < 0x80 || c == '-' || c == '_' || c == '~') {
                return "letters and digits must not be percent-encoded";
            }
        }
        return null;
    }
}
