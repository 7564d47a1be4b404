package org.interviewpanel.platform;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** An unsafe API call carried only by the console's cookie needs the header a cross-site form cannot send. */
@QuarkusTest
class CsrfTest {

    @Test
    void cookieOnlyPostWithoutTheHeaderIsRefused() {
        given().cookie("q_session_web", "anything").contentType("application/json").body("{}")
                .post("/api/questions")
                .then().statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo("https://interview-panel.org/problems/csrf"));
    }

    @Test
    void webSocketUpgradesFromAnotherSiteAreRefused() {
        given().header("Upgrade", "websocket").header("Connection", "Upgrade").header("Sec-WebSocket-Version", "13")
                .header("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==").header("Origin", "http://evil.example")
                .cookie("panel_candidate", "anything")
                .get("/ws/candidate")
                .then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void withTheHeaderTheRequestReachesAuthentication() {
        // A forged or expired session cookie then fails authentication, not the CSRF check.
        given().cookie("q_session_web", "anything").header("X-Requested-With", "JavaScript")
                .contentType("application/json").body("{}")
                .post("/api/questions")
                .then().statusCode(org.hamcrest.Matchers.oneOf(401, 499));
    }
}
