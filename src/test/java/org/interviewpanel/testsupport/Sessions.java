package org.interviewpanel.testsupport;

import static io.restassured.RestAssured.given;
import static org.interviewpanel.testsupport.Tokens.token;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Test helpers: a question set and a scheduled session through the real API. */
public final class Sessions {

    public static final String CANDIDATE_NAME = "Zoltan Quixwell";
    public static final String CANDIDATE_EMAIL = "zoltan.quixwell@example.test";

    private Sessions() {
    }

    public static String questionSet(String owner, int questions) {
        List<Map<String, Object>> items = given().auth().oauth2(token(owner)).queryParam("category", "kafka/basics")
                .get("/api/questions").then().statusCode(200).extract().jsonPath().getList("items");
        List<Map<String, Object>> chosen = items.stream().limit(questions)
                .map(q -> Map.<String, Object> of("questionId", q.get("id"))).toList();
        return given().auth().oauth2(token(owner)).contentType("application/json")
                .body(Map.of("name", "Session kit " + UUID.randomUUID(), "items", chosen))
                .post("/api/question-sets").then().statusCode(201).extract().path("id");
    }

    public record Scheduled(String id, String link) {
        public String token() {
            return link.substring(link.lastIndexOf('/') + 1);
        }
    }

    /** alice leads, bob sits on the panel. */
    public static Scheduled schedule(int questions) {
        return schedule("alice", List.of("alice", "bob"), questions);
    }

    public static Scheduled schedule(String lead, List<String> panel, int questions) {
        return schedule(lead, panel, "Platform engineer", questionSet(lead, questions));
    }

    public static Scheduled schedule(String lead, List<String> panel, String position, String set) {
        var response = given().auth().oauth2(token(lead)).contentType("application/json")
                .body(Map.of("position", position, "candidate",
                        Map.of("name", CANDIDATE_NAME, "email", CANDIDATE_EMAIL), "questionSetId", set,
                        "panel", panel, "scheduledAt", Instant.now().plus(1, ChronoUnit.DAYS).toString()))
                .post("/api/sessions").then().statusCode(201).extract().jsonPath();
        return new Scheduled(response.getString("id"), response.getString("candidateLink"));
    }

    public static io.restassured.response.ValidatableResponse get(String user, String id) {
        return given().auth().oauth2(token(user)).get("/api/sessions/" + id).then().statusCode(200);
    }

    public static io.restassured.response.ValidatableResponse act(String user, String id, String action) {
        return given().auth().oauth2(token(user)).contentType("application/json").body("{}")
                .post("/api/sessions/" + id + "/" + action).then();
    }

    public static io.restassured.response.ValidatableResponse advance(String user, String id, String to) {
        return given().auth().oauth2(token(user)).contentType("application/json").body(Map.of("to", to))
                .post("/api/sessions/" + id + "/advance").then();
    }
}
