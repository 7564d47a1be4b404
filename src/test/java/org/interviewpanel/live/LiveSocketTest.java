package org.interviewpanel.live;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.interviewpanel.testsupport.Tokens.token;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.interviewpanel.testsupport.LiveClient;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class LiveSocketTest {

    @Inject
    LiveRoom room;

    @Inject
    AgroalDataSource dataSource;

    static int port() {
        return ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
    }

    record Scheduled(String id, String token) {
    }

    static Scheduled schedule(int questions) {
        List<Map<String, Object>> bank = given().auth().oauth2(token("alice")).queryParam("category", "kafka/replication")
                .get("/api/questions").then().extract().jsonPath().getList("items");
        return scheduleWith(bank.stream().limit(questions).map(q -> q.get("id")).toList());
    }

    static Scheduled scheduleWith(List<Object> questionIds) {
        String set = given().auth().oauth2(token("alice")).contentType("application/json")
                .body(Map.of("name", "Live " + System.nanoTime(), "items",
                        questionIds.stream().map(q -> Map.of("questionId", q)).toList()))
                .post("/api/question-sets").then().statusCode(201).extract().path("id");
        var scheduled = given().auth().oauth2(token("alice")).contentType("application/json")
                .body(Map.of("position", "SRE", "candidate", Map.of("name", "Live Candidate", "email", "live@example.test"),
                        "questionSetId", set, "panel", List.of("alice", "bob"), "scheduledAt",
                        java.time.Instant.now().toString()))
                .post("/api/sessions").then().statusCode(201).extract().jsonPath();
        String link = scheduled.getString("candidateLink");
        return new Scheduled(scheduled.getString("id"), link.substring(link.lastIndexOf('/') + 1));
    }

    static void act(String id, String action, Map<String, Object> body) {
        given().auth().oauth2(token("alice")).contentType("application/json").body(body)
                .post("/api/sessions/" + id + "/" + action).then().statusCode(200);
    }

    @Test
    void panelistsGetASnapshotThenPresenceQuestionsAndStatus() {
        String id = schedule(3).id();

        try (LiveClient alice = LiveClient.panel(port(), id, token("alice"))) {
            await().atMost(Duration.ofSeconds(5)).until(() -> !alice.frames("snapshot").isEmpty());
            JsonNode snapshot = alice.frames("snapshot").get(0);
            assertThat(snapshot.path("sessionId").asText()).isEqualTo(id);
            assertThat(snapshot.path("at").asText()).isNotBlank();
            assertThat(snapshot.path("data").path("session").path("session").path("status").asText()).isEqualTo("SCHEDULED");
            assertThat(snapshot.path("data").path("session").path("guides").get(0).path("rubric").path("keyPoints").size())
                    .isGreaterThan(0);

            try (LiveClient bob = LiveClient.panel(port(), id, token("bob"))) {
                await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(last(alice, "presence")
                        .path("data").path("panelists").toString()).contains("alice").contains("bob"));

                long before = System.nanoTime();
                act(id, "start", Map.of());
                await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                    assertThat(alice.frames("status")).isNotEmpty();
                    assertThat(bob.frames("question")).isNotEmpty();
                });
                act(id, "advance", Map.of("to", "next"));
                await().atMost(Duration.ofSeconds(1)).untilAsserted(
                        () -> assertThat(last(bob, "question").path("data").path("position").asInt()).isEqualTo(2));
                System.out.printf("LiveSocketTest: advance seen by another panelist after %d ms%n",
                        (System.nanoTime() - before) / 1_000_000);
                assertThat(last(bob, "question").path("data").path("askedAt").asText()).isNotBlank();
                assertThat(last(alice, "status").path("data").path("status").asText()).isEqualTo("LIVE");
            }
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(last(alice, "presence")
                    .path("data").path("panelists").toString()).contains("alice").doesNotContain("bob"));
        }
        // A reconnect gets a fresh snapshot with the current question.
        try (LiveClient again = LiveClient.panel(port(), id, token("bob"))) {
            await().atMost(Duration.ofSeconds(5)).until(() -> !again.frames("snapshot").isEmpty());
            assertThat(again.frames("snapshot").get(0).path("data").path("session").path("session").path("currentItem")
                    .path("position").asInt()).isEqualTo(2);
        }
    }

    @Test
    void aRoomsGuidesAreReadOncePerQuestionVersion() throws Exception {
        // a question of its own, in the category the bank's tests write to, so the seed's questions stay as they are
        String question = given().auth().oauth2(token("alice")).contentType("application/json")
                .body(Map.of("category", "kafka/real-world-scenarios",
                        "text", "How would you drain a broker for repair?", "difficulty", 2, "tags", List.of("scratch"),
                        "minutes", 5,
                        "rubric", Map.of("keyPoints", List.of("Moves leadership away first."),
                                "levels", Map.of("1", "Vague.", "3", "Partial.", "5", "Complete.")),
                        "followUps", List.of("How do you know it is drained?")))
                .post("/api/questions").then().statusCode(201).extract().path("id");
        String id = scheduleWith(List.of(question)).id();
        try (LiveClient alice = LiveClient.panel(port(), id, token("alice"))) {
            await().atMost(Duration.ofSeconds(5)).until(() -> !alice.frames("snapshot").isEmpty());
            assertThat(followUps(alice)).isEqualTo("[\"How do you know it is drained?\"]");
        }
        // A version never changes once written; were its row changed behind the application's back, the next room
        // would still show the guide as first read: it is not read again.
        try (Connection c = dataSource.getConnection();
                PreparedStatement change = c.prepareStatement("update question_version"
                        + " set follow_ups = '[\"changed behind its back\"]' where question_id = ?")) {
            change.setObject(1, UUID.fromString(question));
            assertThat(change.executeUpdate()).isEqualTo(1);
        }
        try (LiveClient bob = LiveClient.panel(port(), id, token("bob"))) {
            await().atMost(Duration.ofSeconds(5)).until(() -> !bob.frames("snapshot").isEmpty());
            assertThat(followUps(bob)).isEqualTo("[\"How do you know it is drained?\"]");
        }
    }

    private static String followUps(LiveClient client) {
        return client.frames("snapshot").get(0).path("data").path("session").path("guides").get(0).path("followUps")
                .toString();
    }

    @Test
    void aRoomWhoseLastSocketClosesIsDropped() {
        Scheduled s = schedule(1);
        UUID id = UUID.fromString(s.id());
        String cookie = given().redirects().follow(false).get("/join/" + s.token()).getCookie("panel_candidate");
        try (LiveClient alice = LiveClient.panel(port(), s.id(), token("alice"));
                LiveClient bob = LiveClient.panel(port(), s.id(), token("bob"));
                LiveClient candidate = LiveClient.candidate(port(), cookie)) {
            await().atMost(Duration.ofSeconds(5)).until(() -> !alice.frames("snapshot").isEmpty()
                    && !bob.frames("snapshot").isEmpty() && !candidate.frames("snapshot").isEmpty());
            assertThat(room.panel(id)).hasSize(2);
            assertThat(room.candidates(id)).hasSize(1);
            bob.close();
            await().atMost(Duration.ofSeconds(5)).until(() -> room.panel(id).size() == 1);
            assertThat(room.holds(id)).isTrue();
        }
        // Every socket of the room closed: nothing of it is kept (the candidate sweep goes through what is kept).
        await().atMost(Duration.ofSeconds(5)).until(() -> !room.holds(id));
        assertThat(room.allCandidates()).doesNotContainKey(id);
        await().atMost(Duration.ofSeconds(5)).until(() -> room.tracked() == room.connections());
    }

    @Test
    void aNonPanelistInterviewerIsRefused() {
        String id = schedule(1).id();
        try (LiveClient dave = LiveClient.panel(port(), id, token("dave"))) {
            await().atMost(Duration.ofSeconds(5)).until(() -> dave.closeCode() != null);
            assertThat(dave.closeCode()).isEqualTo(4404);
            assertThat(dave.frames()).isEmpty();
        }
    }

    @Test
    void theCandidateGetsQuestionsOnlyAndIsDisconnectedWhenSuperseded() throws Exception {
        Scheduled s = schedule(2);
        String token = s.token();
        String id = s.id();
        String cookie = given().redirects().follow(false).get("/join/" + token).getCookie("panel_candidate");
        try (LiveClient candidate = LiveClient.candidate(port(), cookie)) {
            await().atMost(Duration.ofSeconds(5)).until(() -> !candidate.frames("snapshot").isEmpty());
            assertThat(candidate.frames("snapshot").get(0).path("data").path("status").asText()).isEqualTo("SCHEDULED");
            act(id, "start", Map.of());
            act(id, "advance", Map.of("to", "2"));
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(last(candidate, "question")
                    .path("data").path("currentQuestion").path("position").asInt()).isEqualTo(2));
            // The live view follows the events without reading the session again: it must be the REST view, exactly.
            act(id, "advance", Map.of("to", "1"));
            act(id, "advance", Map.of("to", "2"));
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(candidate.frames("question")).hasSize(4));
            JsonNode rest = new ObjectMapper().readTree(given().cookie("panel_candidate", cookie)
                    .get("/api/candidate/session").then().statusCode(200).extract().asString());
            assertThat(last(candidate, "question").path("data")).isEqualTo(rest);
            for (JsonNode frame : candidate.frames()) {
                String text = frame.toString().toLowerCase();
                assertThat(text).doesNotContain("rubric").doesNotContain("followup").doesNotContain("rating")
                        .doesNotContain("note").doesNotContain("live@example.test");
            }
            // Another device redeems the link: this one is disconnected.
            given().redirects().follow(false).get("/join/" + token).then().statusCode(303);
            await().atMost(Duration.ofSeconds(10)).until(() -> candidate.closeCode() != null);
            assertThat(candidate.closeCode()).isEqualTo(4401);
        }
        try (LiveClient stale = LiveClient.candidate(port(), cookie)) {
            await().atMost(Duration.ofSeconds(5)).until(() -> stale.closeCode() != null);
            assertThat(stale.closeCode()).isEqualTo(4401);
        }
    }

    @Test
    void aBrowserWithoutTheCookieAuthenticatesThroughTheSubprotocol() {
        String id = schedule(1).id();
        try (LiveClient bob = LiveClient.panelBySubprotocol(port(), id, token("bob"))) {
            await().atMost(Duration.ofSeconds(5)).until(() -> !bob.frames("snapshot").isEmpty());
        }
        try (LiveClient dave = LiveClient.panelBySubprotocol(port(), id, token("dave"))) {
            await().atMost(Duration.ofSeconds(5)).until(() -> dave.closeCode() != null);
            assertThat(dave.closeCode()).isEqualTo(4404);
        }
    }

    @Test
    void aRevokedCandidateIsDisconnected() {
        Scheduled s = schedule(1);
        String cookie = given().redirects().follow(false).get("/join/" + s.token()).getCookie("panel_candidate");
        try (LiveClient candidate = LiveClient.candidate(port(), cookie)) {
            await().atMost(Duration.ofSeconds(5)).until(() -> !candidate.frames("snapshot").isEmpty());
            given().auth().oauth2(token("alice")).delete("/api/sessions/" + s.id() + "/candidate-link").then().statusCode(204);
            await().atMost(Duration.ofSeconds(10)).until(() -> candidate.closeCode() != null);
            assertThat(candidate.closeCode()).isEqualTo(4401);
        }
    }

    /**
     * A question asked right after the revocation does not reach the revoked device: the fan-out checks the device
     * before each frame to a candidate (the sweep, every two seconds, would come too late for this frame).
     */
    @Test
    void aRevokedCandidateGetsNoQuestionAskedAfterTheRevocation() {
        Scheduled s = schedule(2);
        String cookie = given().redirects().follow(false).get("/join/" + s.token()).getCookie("panel_candidate");
        try (LiveClient candidate = LiveClient.candidate(port(), cookie);
                LiveClient bob = LiveClient.panel(port(), s.id(), token("bob"))) {
            await().atMost(Duration.ofSeconds(5)).until(() -> !candidate.frames("snapshot").isEmpty()
                    && !bob.frames("snapshot").isEmpty());
            act(s.id(), "start", Map.of());
            await().atMost(Duration.ofSeconds(5)).until(() -> !candidate.frames("question").isEmpty());
            given().auth().oauth2(token("alice")).delete("/api/sessions/" + s.id() + "/candidate-link").then()
                    .statusCode(204);
            act(s.id(), "advance", Map.of("to", "2"));
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(last(bob, "question").path("data")
                    .path("position").asInt()).isEqualTo(2));
            await().atMost(Duration.ofSeconds(10)).until(() -> candidate.closeCode() != null);
            assertThat(candidate.closeCode()).isEqualTo(4401);
            assertThat(candidate.frames("question")).extracting(f -> f.path("data").path("currentQuestion")
                    .path("position").asInt()).containsOnly(1);
        }
    }

    @Test
    void aParticipantMayHoldOnlyAFewSocketsToARoom() {
        String id = schedule(1).id();
        List<LiveClient> open = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                LiveClient bob = LiveClient.panel(port(), id, token("bob"));
                open.add(bob);
                await().atMost(Duration.ofSeconds(5)).until(() -> !bob.frames("snapshot").isEmpty());
            }
            try (LiveClient fifth = LiveClient.panel(port(), id, token("bob"))) {
                await().atMost(Duration.ofSeconds(5)).until(() -> fifth.closeCode() != null);
                assertThat(fifth.closeCode()).isEqualTo(4429);
                assertThat(fifth.frames()).isEmpty();
            }
        } finally {
            open.forEach(LiveClient::close);
        }
    }

    @Test
    void reconnectsAndReloadsWriteNoPresenceEvents() {
        Scheduled s = schedule(1);
        try (org.interviewpanel.testsupport.EventStream stream = new org.interviewpanel.testsupport.EventStream()) {
            for (int i = 0; i < 10; i++) {
                try (LiveClient bob = LiveClient.panel(port(), s.id(), token("bob"))) {
                    await().atMost(Duration.ofSeconds(5)).until(() -> !bob.frames("snapshot").isEmpty());
                }
            }
            // A link opened again and again within a minute: one arrival.
            for (int i = 0; i < 5; i++) {
                given().redirects().follow(false).get("/join/" + s.token()).then().statusCode(303);
            }
            // Once the grace period has passed: bob joined once and left once; the candidate arrived once.
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                var events = stream.forSession(s.id());
                assertThat(events.stream().filter(e -> e.type().endsWith("participant.left.v1")).count()).isOne();
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> stream.forSession(s.id()).stream()
                    .anyMatch(e -> e.value().contains("\"LINK\"")));
            var events = stream.forSession(s.id());
            assertThat(events.stream().filter(e -> e.type().endsWith("participant.joined.v1"))
                    .map(e -> e.value().contains("\"LINK\"") ? "link" : "room").toList())
                    .as(events.stream().map(e -> e.value()).toList().toString())
                    .containsExactlyInAnyOrder("room", "link");
        }
    }

    static JsonNode last(LiveClient client, String type) {
        List<JsonNode> frames = client.frames(type);
        return frames.isEmpty() ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : frames.get(frames.size() - 1);
    }
}
