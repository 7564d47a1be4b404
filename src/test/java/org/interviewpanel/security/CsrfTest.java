package org.interviewpanel.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.interviewpanel.testsupport.ConsoleLogin;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** An unsafe API call carried only by the console's cookie needs the header a cross-site form cannot send. */
@QuarkusTest
class CsrfTest {

    @Test
    void aRealConsoleSessionWithoutTheHeaderIsRefused() {
        Map<String, String> alice = ConsoleLogin.cookies("alice");
        given().cookies(alice).contentType("application/json").body("{}")
                .post("/api/questions")
                .then().statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo("https://interview-panel.org/problems/csrf"));
        // The same session reads freely (a GET changes nothing) ...
        given().cookies(alice).get("/api/me").then().statusCode(200).body("username", equalTo("alice"));
        // ... and with the header its command reaches the endpoint (here: validation of the empty body).
        given().cookies(alice).header("X-Requested-With", "JavaScript").contentType("application/json").body("{}")
                .post("/api/questions")
                .then().statusCode(400)
                .body("type", equalTo("https://interview-panel.org/problems/validation"));
    }

    @Test
    void aBearerTokenNeedsNoHeader() {
        given().auth().oauth2(org.interviewpanel.testsupport.Tokens.token("alice")).contentType("application/json")
                .body("{}").post("/api/questions")
                .then().statusCode(400);
    }

    @Test
    void webSocketUpgradesFromAnotherSiteAreRefused() {
        for (String origin : new String[] { "http://evil.example", "null", "", " ", "file://", "not a url",
                "http://localhost:1" }) {
            given().header("Upgrade", "websocket").header("Connection", "Upgrade").header("Sec-WebSocket-Version", "13")
                    .header("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==").header("Origin", origin)
                    .cookie("panel_candidate", "anything")
                    .get("/ws/candidate")
                    .then().statusCode(403).contentType("application/problem+json");
        }
    }
}
