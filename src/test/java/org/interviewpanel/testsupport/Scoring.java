package org.interviewpanel.testsupport;

import static io.restassured.RestAssured.given;
import static org.interviewpanel.testsupport.Sessions.act;
import static org.interviewpanel.testsupport.Tokens.token;

import java.util.List;
import java.util.Map;

import io.restassured.response.ValidatableResponse;

/** Scoring through the API as a panelist or a manager would: ratings, scorecards, the debrief, the decision. */
public final class Scoring {

    private Scoring() {
    }

    public static ValidatableResponse rate(String user, String id, Object position, Object body) {
        return given().auth().oauth2(token(user)).contentType("application/json").body(body)
                .put("/api/sessions/" + id + "/ratings/" + position).then();
    }

    public static ValidatableResponse clear(String user, String id, int position) {
        return given().auth().oauth2(token(user)).delete("/api/sessions/" + id + "/ratings/" + position).then();
    }

    public static ValidatableResponse submit(String user, String id, String recommendation) {
        return given().auth().oauth2(token(user)).contentType("application/json")
                .body(Map.of("recommendation", recommendation, "summary", user + " sums up"))
                .post("/api/sessions/" + id + "/scorecard").then();
    }

    public static ValidatableResponse get(String user, String id, String what) {
        return given().auth().oauth2(token(user)).get("/api/sessions/" + id + (what.isEmpty() ? "" : "/" + what)).then();
    }

    public static ValidatableResponse decide(String user, String id, Object body) {
        return given().auth().oauth2(token(user)).contentType("application/json").body(body)
                .post("/api/sessions/" + id + "/decision").then();
    }

    /** alice leads; bob and carol sit on the panel; the session is LIVE. */
    public static String liveSession() {
        String id = Sessions.schedule("alice", List.of("alice", "bob", "carol"), 3).id();
        act("alice", id, "start").statusCode(200);
        return id;
    }
}
