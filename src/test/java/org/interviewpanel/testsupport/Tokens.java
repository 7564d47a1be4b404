package org.interviewpanel.testsupport;

import static io.restassured.RestAssured.given;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Access tokens from the real Keycloak for the demo users (password = username). */
public final class Tokens {

    private record Cached(String token, long expiresAt) {
    }

    private static final Map<String, Cached> CACHE = new ConcurrentHashMap<>();

    private Tokens() {
    }

    /** An access token for {@code username} from the panel-cli client, which carries the API's audience. */
    public static String token(String username) {
        return token(username, "panel-cli");
    }

    public static String token(String username, String clientId) {
        String key = clientId + "/" + username;
        Cached cached = CACHE.get(key);
        if (cached != null && cached.expiresAt() > System.currentTimeMillis()) {
            return cached.token();
        }
        Issued issued = issue(username, clientId);
        CACHE.put(key, new Cached(issued.token(), System.currentTimeMillis() + issued.lifetimeMillis() / 2));
        return issued.token();
    }

    /** A new access token, never one handed out before (for tests of what the server does with a token it sees first). */
    public static String fresh(String username) {
        return issue(username, "panel-cli").token();
    }

    private record Issued(String token, long lifetimeMillis) {
    }

    private static Issued issue(String username, String clientId) {
        var response = given().baseUri(Stack.keycloakUrl())
                .formParam("grant_type", "password")
                .formParam("client_id", clientId)
                .formParam("username", username)
                .formParam("password", username)
                .post("/realms/interview-panel/protocol/openid-connect/token")
                .then().statusCode(200).extract().jsonPath();
        return new Issued(response.getString("access_token"), response.getLong("expires_in") * 1000L);
    }
}
