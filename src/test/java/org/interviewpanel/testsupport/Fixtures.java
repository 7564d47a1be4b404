package org.interviewpanel.testsupport;

import static io.restassured.RestAssured.given;
import static org.interviewpanel.testsupport.Tokens.token;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Things to act on, made through the real API: a question written by alice, a set she owns, and sessions she leads
 * with bob and ivo on the panel, in each state. The security suite runs every check against such fixtures.
 */
public final class Fixtures {

    /** The panel of every session fixture: alice leads; bob and ivo (who is also a hiring manager) sit on it. */
    public static final List<String> PANEL = List.of("alice", "bob", "ivo");

    public record Session(String id, String token, String candidateCookie) {
    }

    private static volatile String bankQuestion;
    private static volatile String sessionSet;

    private Fixtures() {
    }

    /** The id of an active question of the bank. */
    public static String bankQuestion() {
        if (bankQuestion == null) {
            bankQuestion = given().auth().oauth2(token("alice")).queryParam("category", "kafka/basics")
                    .get("/api/questions").then().statusCode(200).extract().path("items[0].id");
        }
        return bankQuestion;
    }

    /** The id of a calibration exercise (the first of kafka/basics). */
    public static String exercise() {
        return given().auth().oauth2(token("alice")).queryParam("category", "kafka/basics")
                .get("/api/calibration/exercises").then().statusCode(200).extract().path("items[0].id");
    }

    /** A complete attempt of the exercise: every answer rated 3. */
    public static Map<String, Object> attempt(String exercise) {
        List<String> answers = given().auth().oauth2(token("alice")).get("/api/calibration/exercises").then()
                .statusCode(200).extract().jsonPath().getList("items.find { it.id == '" + exercise + "' }.answers.id");
        return Map.of("ratings", answers.stream().map(a -> Map.of("answerId", a, "rating", 3)).toList());
    }

    /** A question alice wrote in the console (version 1). */
    public static String question() {
        return given().auth().oauth2(token("alice")).contentType("application/json")
                .body(Map.of("category", "kafka/basics", "text", "Fixture question " + UUID.randomUUID() + "?",
                        "difficulty", 1, "tags", List.of("fixture"), "minutes", 5, "rubric",
                        Map.of("keyPoints", List.of("a", "b", "c", "d"), "levels", Map.of("1", "w", "3", "f", "5", "s"))))
                .post("/api/questions").then().statusCode(201).extract().path("id");
    }

    /** A question set alice owns (version 1), with {@code questions} questions of the bank. */
    public static String set(int questions) {
        List<String> ids = given().auth().oauth2(token("alice")).queryParam("category", "kafka/basics")
                .get("/api/questions").then().statusCode(200).extract().jsonPath().getList("items.id");
        return given().auth().oauth2(token("alice")).contentType("application/json")
                .body(Map.of("name", "Fixture set " + UUID.randomUUID(), "items",
                        ids.stream().limit(questions).map(id -> Map.of("questionId", id)).toList()))
                .post("/api/question-sets").then().statusCode(201).extract().path("id");
    }

    /** The two-question set every session fixture is scheduled from (a session snapshots it; it never changes). */
    private static String sessionSet() {
        if (sessionSet == null) {
            sessionSet = set(2);
        }
        return sessionSet;
    }

    /**
     * A session in a state: scheduled, live, ended, submitted (ended, every panelist rated question 1 and submitted),
     * decided. Its candidate has redeemed the link.
     */
    public static Session session(String state) {
        return session(state, "Fixture position", Map.of());
    }

    /** As {@link #session(String)}, each panelist rating question 1 with the given note (when one is given). */
    public static Session session(String state, String position, Map<String, String> notes) {
        var scheduled = given().auth().oauth2(token("alice")).contentType("application/json")
                .body(Map.of("position", position, "candidate", Map.of("name", "Fixture Candidate", "email",
                        "fixture.candidate@example.test"), "questionSetId", sessionSet(), "panel", PANEL, "scheduledAt",
                        Instant.now().plus(1, ChronoUnit.DAYS).toString()))
                .post("/api/sessions").then().statusCode(201).extract().jsonPath();
        String id = scheduled.getString("id");
        String link = scheduled.getString("candidateLink");
        String linkToken = link.substring(link.lastIndexOf('/') + 1);
        String cookie = given().redirects().follow(false).get("/join/" + linkToken).then().statusCode(303).extract()
                .cookie("panel_candidate");
        if (!state.equals("scheduled")) {
            act("alice", id, "start");
        }
        if (state.equals("ended") || state.equals("submitted") || state.equals("decided")) {
            if (state.equals("submitted") || !notes.isEmpty()) {
                for (String user : PANEL) {
                    Map<String, Object> body = notes.containsKey(user)
                            ? Map.of("rating", 1 + Math.abs(user.hashCode()) % 5, "note", notes.get(user))
                            : Map.of("rating", 1 + Math.abs(user.hashCode()) % 5);
                    given().auth().oauth2(token(user)).contentType("application/json").body(body)
                            .put("/api/sessions/" + id + "/ratings/1").then().statusCode(200);
                }
            }
            act("alice", id, "end");
        }
        if (state.equals("submitted")) {
            for (String user : PANEL) {
                submit(user, id, "YES", user + " sums up");
            }
        }
        if (state.equals("decided")) {
            given().auth().oauth2(token("hana")).contentType("application/json")
                    .body(Map.of("decision", "HOLD", "rationale", "fixture")).post("/api/sessions/" + id + "/decision")
                    .then().statusCode(200);
        }
        return new Session(id, linkToken, cookie);
    }

    public static void submit(String user, String sessionId, String recommendation, String summary) {
        given().auth().oauth2(token(user)).contentType("application/json")
                .body(Map.of("recommendation", recommendation, "summary", summary))
                .post("/api/sessions/" + sessionId + "/scorecard").then().statusCode(200);
    }

    private static void act(String user, String id, String action) {
        given().auth().oauth2(token(user)).contentType("application/json").body("{}")
                .post("/api/sessions/" + id + "/" + action).then().statusCode(200);
    }
}
