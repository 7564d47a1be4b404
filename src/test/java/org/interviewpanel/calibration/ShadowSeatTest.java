package org.interviewpanel.calibration;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.interviewpanel.testsupport.Scoring.decide;
import static org.interviewpanel.testsupport.Scoring.get;
import static org.interviewpanel.testsupport.Scoring.rate;
import static org.interviewpanel.testsupport.Scoring.submit;
import static org.interviewpanel.testsupport.Sessions.act;
import static org.interviewpanel.testsupport.Tokens.token;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.interviewpanel.testsupport.LiveClient;
import org.interviewpanel.testsupport.Sessions;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;

/**
 * A trainee in a shadow seat, end to end against the real stack: seated beside the panel, rates and submits like it,
 * opens the debrief after their own submit, and never counts — not in the debrief's means and flags, not in the
 * decision's wait, not in reliability, leniency or question statistics — while their ratings, compared with the
 * panel's, count toward their own qualification.
 */
@QuarkusTest
class ShadowSeatTest {

    static ValidatableResponse schedule(String position, String set, List<String> panel, List<String> shadows) {
        Map<String, Object> body = new HashMap<>(Map.of("position", position, "candidate",
                Map.of("name", "Sasha Shadowed", "email", "sasha.shadowed@example.test"), "questionSetId", set,
                "panel", panel, "lead", "alice", "scheduledAt", Instant.now().plus(1, ChronoUnit.DAYS).toString()));
        body.put("shadows", shadows);
        return given().auth().oauth2(token("alice")).contentType("application/json").body(body).post("/api/sessions")
                .then();
    }

    static JsonPath report(String name, String position) {
        return given().auth().oauth2(token("hana")).queryParam("position", position).get("/api/reports/" + name).then()
                .statusCode(200).extract().jsonPath();
    }

    static int shadowComparisons(String user) {
        Integer n = given().auth().oauth2(token("hana")).queryParam("category", "kafka/basics")
                .get("/api/reports/qualification").then().statusCode(200).extract()
                .path("rows.find { it.interviewer == '" + user + "' }.shadowComparisons");
        return n == null ? 0 : n;
    }

    @Test
    void aShadowRatesAndSubmitsButNeverCounts() {
        String position = "Shadow seat check " + UUID.randomUUID().toString().substring(0, 8);
        String set = Sessions.questionSet("alice", 2);

        // Refused, and nothing written: a panelist as shadow, someone who is not an interviewer, four shadows.
        schedule(position, set, List.of("alice", "bob"), List.of("bob")).statusCode(422)
                .contentType("application/problem+json").body("errors[0].field", equalTo("shadows[0]"));
        schedule(position, set, List.of("alice", "bob"), List.of("hana")).statusCode(422)
                .body("errors[0].field", equalTo("shadows[0]"));
        schedule(position, set, List.of("alice", "bob"), List.of("carol", "dave", "ivo", "carol")).statusCode(400);
        assertThat(given().auth().oauth2(token("root")).queryParam("q", position).get("/api/sessions").then()
                .statusCode(200).extract().header("X-Total-Count")).isEqualTo("0");
        int before = shadowComparisons("dave");

        String id = schedule(position, set, List.of("alice", "bob"), List.of("dave")).statusCode(201).extract().path("id");
        Sessions.get("dave", id).body("panel", hasSize(3))
                .body("panel.find { it.username == 'dave' }.seat", equalTo("SHADOW"))
                .body("panel.find { it.username == 'dave' }.lead", equalTo(false))
                .body("panel.find { it.username == 'alice' }.seat", equalTo("PANEL"));
        act("alice", id, "start").statusCode(200);
        given().auth().oauth2(token("alice")).contentType("application/json").body(Map.of("to", "next"))
                .post("/api/sessions/" + id + "/advance").then().statusCode(200);
        rate("alice", id, 1, Map.of("rating", 5)).statusCode(200);
        rate("alice", id, 2, Map.of("rating", 4)).statusCode(200);
        rate("bob", id, 1, Map.of("rating", 3)).statusCode(200);
        rate("bob", id, 2, Map.of("rating", 4)).statusCode(200);
        rate("dave", id, 1, Map.of("rating", 1, "note", "shadow note")).statusCode(200);
        rate("dave", id, 2, Map.of("rating", 1)).statusCode(200);
        act("alice", id, "end").statusCode(200);

        // Independent like the panel: no debrief before their own submit, and their ratings kept from the panel's.
        get("dave", id, "debrief").statusCode(403);
        submit("alice", id, "YES").statusCode(200);
        submit("bob", id, "YES").statusCode(200);
        get("hana", id, "debrief").statusCode(200).body("panelSize", equalTo(2)).body("submitted", equalTo(2))
                .body("items[0].ratings", hasSize(2)).body("items[0].mean", equalTo(4.0f))
                .body("items[0].spread", equalTo(2)).body("items[1].disagreement", equalTo(false))
                .body("items[0].shadowRatings[0].username", equalTo("dave"))
                .body("items[0].shadowRatings[0].submitted", equalTo(false))
                .body("scorecards.find { it.username == 'dave' }.seat", equalTo("SHADOW"));
        // The decision does not wait for the trainee.
        given().auth().oauth2(token("hana")).get("/api/me/todo").then().statusCode(200)
                .body("decisionsWaiting.find { it.sessionId == '" + id + "' }.submitted", equalTo(2))
                .body("decisionsWaiting.find { it.sessionId == '" + id + "' }.panelSize", equalTo(2));
        submit("dave", id, "NO").statusCode(200);
        get("dave", id, "debrief").statusCode(200).body("items[0].mean", equalTo(4.0f))
                .body("items[0].ratings.username", equalTo(List.of("alice", "bob")))
                .body("items[0].shadowRatings[0].rating", equalTo(1))
                .body("items[0].shadowRatings[0].note", equalTo("shadow note"));
        get("bob", id, "debrief").statusCode(200).body("items[1].mean", equalTo(4.0f));
        // The lead's room counts the panel's scorecards and marks the trainee's apart.
        int port = org.eclipse.microprofile.config.ConfigProvider.getConfig().getValue("quarkus.http.test-port",
                Integer.class);
        try (LiveClient alice = LiveClient.panel(port, id, token("alice"))) {
            await().atMost(Duration.ofSeconds(5)).until(() -> !alice.frames("snapshot").isEmpty());
            var progress = alice.frames("snapshot").get(0).path("data").path("progress");
            assertThat(progress.path("panelSize").asInt()).isEqualTo(2);
            assertThat(progress.path("submitted").size()).isEqualTo(2);
            assertThat(progress.path("shadowsSubmitted").get(0).asText()).isEqualTo("dave");
            assertThat(progress.path("items").get(0).path("rated").asInt()).isEqualTo(2);
        }
        decide("hana", id, Map.of("decision", "HIRE", "rationale", "strong panel")).statusCode(200);

        // Analytics: the panel's two raters and their four ratings, nothing of dave's; dave's two ratings against
        // the panel's means count toward his own qualification.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonPath reliability = report("reliability", position);
            assertThat(reliability.getInt("raters")).isEqualTo(2);
            assertThat(reliability.getInt("pairableValues")).isEqualTo(4);
            assertThat(report("interviewers", position).<String> getList("rows.interviewer"))
                    .containsExactly("alice", "bob");
            assertThat(report("questions", position).<Float> getList("rows.meanRating")).containsOnly(4.0f);
            assertThat(shadowComparisons("dave")).isEqualTo(before + 2);
        });
    }
}
