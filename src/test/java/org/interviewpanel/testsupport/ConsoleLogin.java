package org.interviewpanel.testsupport;

import static io.restassured.RestAssured.given;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.microprofile.config.ConfigProvider;

import io.restassured.response.Response;

/**
 * A real console session for a demo user, without a browser: the app's code-flow redirect, Keycloak's login form,
 * the callback. Returns the app's session cookies, so tests can call pages and the API exactly as the console does.
 */
public final class ConsoleLogin {

    private static final Map<String, Map<String, String>> SESSIONS = new ConcurrentHashMap<>();
    private static final Pattern FORM_ACTION = Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"");

    private ConsoleLogin() {
    }

    /** The console's cookies for {@code username} (password = username), logged in once per test run. */
    public static Map<String, String> cookies(String username) {
        return SESSIONS.computeIfAbsent(username, ConsoleLogin::login);
    }

    private static String app() {
        return "http://localhost:" + ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
    }

    private static Map<String, String> login(String username) {
        Map<String, String> appCookies = new HashMap<>();
        Response start = given().urlEncodingEnabled(false).redirects().follow(false).get(app() + "/");
        appCookies.putAll(start.getCookies());
        String authorize = start.header("Location");
        if (start.statusCode() != 302 || authorize == null) {
            throw new IllegalStateException("expected a redirect to Keycloak, got " + start.statusCode());
        }
        Response form = given().urlEncodingEnabled(false).redirects().follow(false).get(URI.create(authorize));
        Matcher action = FORM_ACTION.matcher(form.asString());
        if (!action.find()) {
            throw new IllegalStateException("no login form at " + authorize);
        }
        Response signedIn = given().urlEncodingEnabled(false).redirects().follow(false).cookies(form.getCookies())
                .formParam("username", username).formParam("password", username).formParam("credentialId", "")
                .post(URI.create(action.group(1).replace("&amp;", "&")));
        String callback = signedIn.header("Location");
        if (signedIn.statusCode() != 302 || callback == null || !callback.startsWith(app())) {
            throw new IllegalStateException("Keycloak did not sign " + username + " in: " + signedIn.statusCode());
        }
        Response back = given().urlEncodingEnabled(false).redirects().follow(false).cookies(appCookies)
                .get(URI.create(callback));
        appCookies.putAll(back.getCookies());
        appCookies.keySet().removeIf(name -> !name.startsWith("q_session"));
        if (appCookies.isEmpty()) {
            throw new IllegalStateException("the app set no session cookie for " + username + " (" + back.statusCode()
                    + ")");
        }
        return Map.copyOf(appCookies);
    }
}
