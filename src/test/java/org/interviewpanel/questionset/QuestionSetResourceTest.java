package org.interviewpanel.questionset;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.interviewpanel.testsupport.Tokens.token;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

@QuarkusTest
class QuestionSetResourceTest {

    @Inject
    EntityManager em;

    @Inject
    QuestionSetService service;

    /** Active seed questions of one category, in bank order. */
    static List<Map<String, Object>> bank(String category) {
        return given().auth().oauth2(token("alice")).queryParam("category", category).queryParam("size", 50)
                .get("/api/questions").then().statusCode(200).extract().jsonPath().getList("items");
    }

    static List<String> ids(String category, int n) {
        return bank(category).stream().limit(n).map(q -> (String) q.get("id")).toList();
    }

    static Map<String, Object> set(String name, List<String> questionIds) {
        List<Map<String, Object>> items = new ArrayList<>();
        questionIds.forEach(id -> items.add(Map.of("questionId", id)));
        return Map.of("name", name, "description", "A kit for tests", "items", items);
    }

    static String create(String user, Map<String, Object> body) {
        return given().auth().oauth2(token(user)).contentType("application/json").body(body)
                .post("/api/question-sets").then().statusCode(201).extract().path("id");
    }

    static String unique(String name) {
        return name + " " + UUID.randomUUID().toString().substring(0, 8);
    }

    long rows(String table) {
        return ((Number) em.createNativeQuery("select count(*) from " + table).getSingleResult()).longValue();
    }

    @Test
    void createWithDefaultMinutesTotalsAndCoverage() {
        List<Map<String, Object>> basics = bank("kafka/basics");
        List<Map<String, Object>> streams = bank("kafka/streams");
        int expectedMinutes = (int) basics.get(0).get("minutes") + 12 + (int) streams.get(0).get("minutes");
        Map<String, Object> body = Map.of("name", unique("Platform engineer"), "items", List.of(
                Map.of("questionId", basics.get(0).get("id")),
                Map.of("questionId", basics.get(1).get("id"), "minutes", 12),
                Map.of("questionId", streams.get(0).get("id"))));
        String id = create("alice", body);
        given().auth().oauth2(token("bob")).get("/api/question-sets/" + id).then().statusCode(200)
                .body("owner", equalTo("alice"))
                .body("itemCount", equalTo(3))
                .body("totalMinutes", equalTo(expectedMinutes))
                .body("items.position", contains(1, 2, 3))
                .body("items[1].minutes", equalTo(12))
                .body("items[0].questionVersion", equalTo(1))
                .body("items[0].updateAvailable", equalTo(false))
                .body("coverage.find { it.category == 'kafka/basics' }.count", equalTo(2))
                .body("coverage.find { it.category == 'kafka/streams' }.count", equalTo(1));
        given().auth().oauth2(token("alice")).queryParam("mine", true).get("/api/question-sets").then()
                .statusCode(200).body("id", hasItem(id))
                .body("find { it.id == '" + id + "' }.itemCount", equalTo(3));
        given().auth().oauth2(token("bob")).queryParam("mine", true).get("/api/question-sets").then()
                .body("id", not(hasItem(id)));
        given().auth().oauth2(token("hana")).get("/api/question-sets").then().statusCode(200).body("id", hasItem(id));
    }

    @Test
    void replaceWithOptimisticLocking() {
        List<String> q = ids("kafka/replication", 4);
        String id = create("carol", set(unique("Replication deep dive"), q.subList(0, 2)));
        Map<String, Object> edit = new HashMap<>(set(unique("Replication, reordered"), List.of(q.get(1), q.get(0), q.get(2))));
        edit.put("version", 1);
        given().auth().oauth2(token("carol")).contentType("application/json").body(edit)
                .put("/api/question-sets/" + id).then().statusCode(200)
                .body("version", equalTo(2))
                .body("items.questionId", contains(q.get(1), q.get(0), q.get(2)));
        // A second tab still on version 1 loses: 409, and the set is unchanged.
        edit.put("items", List.of(Map.of("questionId", q.get(3))));
        given().auth().oauth2(token("carol")).contentType("application/json").body(edit)
                .put("/api/question-sets/" + id).then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("https://interview-panel.org/problems/stale-version"));
        given().auth().oauth2(token("carol")).get("/api/question-sets/" + id).then().body("itemCount", equalTo(3));
    }

    @Test
    void onlyTheOwnerOrAnAdminChanges() {
        String id = create("alice", set(unique("Alice's kit"), ids("kafka/connect", 2)));
        Map<String, Object> edit = new HashMap<>(set(unique("Taken over"), ids("kafka/connect", 1)));
        edit.put("version", 1);
        given().auth().oauth2(token("bob")).contentType("application/json").body(edit)
                .put("/api/question-sets/" + id).then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(token("bob")).delete("/api/question-sets/" + id).then().statusCode(403);
        given().auth().oauth2(token("hana")).contentType("application/json").body(edit)
                .put("/api/question-sets/" + id).then().statusCode(403);
        given().auth().oauth2(token("hana")).contentType("application/json").body(set("HM set", ids("kafka/connect", 1)))
                .post("/api/question-sets").then().statusCode(403);
        given().auth().oauth2(token("root")).contentType("application/json").body(edit)
                .put("/api/question-sets/" + id).then().statusCode(200);
    }

    @Test
    void cloneBelongsToTheCallerAndKeepsPins() {
        String name = unique("Streams basics");
        String id = create("alice", set(name, ids("kafka/streams", 3)));
        String copy = given().auth().oauth2(token("dave")).post("/api/question-sets/" + id + "/clone").then()
                .statusCode(201).body("owner", equalTo("dave")).body("name", equalTo(name + " (copy)"))
                .body("itemCount", equalTo(3)).extract().path("id");
        assertThat(copy).isNotEqualTo(id);
        given().auth().oauth2(token("dave")).post("/api/question-sets/" + id + "/clone").then()
                .statusCode(201).body("name", equalTo(name + " (copy 2)"));
    }

    @Test
    void namesAreUniquePerOwner() {
        String name = unique("Same name");
        create("alice", set(name, ids("kafka/security", 1)));
        given().auth().oauth2(token("alice")).contentType("application/json")
                .body(set(name.toUpperCase(), ids("kafka/security", 1)))
                .post("/api/question-sets").then().statusCode(409).body("errors[0].field", equalTo("name"));
        create("bob", set(name, ids("kafka/security", 1)));
    }

    @Test
    void versionPinningAndUpdateAvailable() {
        // A question of alice's own, so she can edit it to version 2.
        String questionId = given().auth().oauth2(token("alice")).contentType("application/json").body(Map.of(
                "category", "kafka/real-world-scenarios", "text", "Pinned question " + UUID.randomUUID(), "difficulty", 2,
                "tags", List.of("pinning"), "minutes", 6, "rubric", Map.of("keyPoints", List.of("one"),
                        "levels", Map.of("1", "a", "3", "b", "5", "c"))))
                .post("/api/questions").then().statusCode(201).extract().path("id");
        String id = create("alice", set(unique("Pinned"), List.of(questionId, ids("kafka/basics", 1).get(0))));
        given().auth().oauth2(token("alice")).contentType("application/json").body(Map.of("version", 1,
                "text", "Pinned question, edited", "difficulty", 2, "tags", List.of("pinning"), "minutes", 6,
                "rubric", Map.of("keyPoints", List.of("one", "two"), "levels", Map.of("1", "a", "3", "b", "5", "c"))))
                .put("/api/questions/" + questionId).then().statusCode(200).body("version", equalTo(2));

        JsonPath detail = given().auth().oauth2(token("alice")).get("/api/question-sets/" + id).then().statusCode(200)
                .body("items[0].questionVersion", equalTo(1))
                .body("items[0].latestVersion", equalTo(2))
                .body("items[0].updateAvailable", equalTo(true))
                .body("items[0].text", not(equalTo("Pinned question, edited")))
                .extract().jsonPath();

        // A plain replace keeps the pin; naming the new version takes it.
        Map<String, Object> keep = new HashMap<>(
                set(detail.getString("name"), List.of(questionId, detail.getString("items[1].questionId"))));
        keep.put("version", 1);
        given().auth().oauth2(token("alice")).contentType("application/json").body(keep)
                .put("/api/question-sets/" + id).then().statusCode(200).body("items[0].questionVersion", equalTo(1));
        Map<String, Object> take = new HashMap<>(keep);
        take.put("version", 2);
        take.put("items", List.of(Map.of("questionId", questionId, "questionVersion", 2),
                Map.of("questionId", detail.getString("items[1].questionId"))));
        given().auth().oauth2(token("alice")).contentType("application/json").body(take)
                .put("/api/question-sets/" + id).then().statusCode(200)
                .body("items[0].questionVersion", equalTo(2))
                .body("items[0].text", equalTo("Pinned question, edited"))
                .body("items[0].updateAvailable", equalTo(false));
    }

    @Test
    void deletingAnUnusedSetRemovesItAndAUsedOneIsArchived() {
        String unused = create("bob", set(unique("Throwaway"), ids("kafka/transactions", 2)));
        given().auth().oauth2(token("bob")).delete("/api/question-sets/" + unused).then().statusCode(204);
        given().auth().oauth2(token("bob")).get("/api/question-sets/" + unused).then().statusCode(404);
        assertThat(rows("question_set where id = '" + unused + "'")).isZero();

        String used = create("bob", set(unique("Used by a session"), ids("kafka/transactions", 2)));
        assertThat(service.snapshotForSession(UUID.fromString(used))).isPresent();
        given().auth().oauth2(token("bob")).delete("/api/question-sets/" + used).then().statusCode(204);
        given().auth().oauth2(token("bob")).get("/api/question-sets/" + used).then().statusCode(404);
        given().auth().oauth2(token("bob")).get("/api/question-sets").then().body("id", not(hasItem(used)));
        assertThat(rows("question_set where id = '" + used + "' and status = 'ARCHIVED'")).isOne();
        assertThat(rows("question_set_item where set_id = '" + used + "'")).isEqualTo(2);
    }

    @Test
    void badSetsAre4xxAndWriteNothing() {
        long sets = rows("question_set");
        long items = rows("question_set_item");
        List<String> five = ids("kafka/basics", 5);
        String retired = retiredQuestion();

        expect(set(unique("Unknown"), List.of(UUID.randomUUID().toString())), 422, "items[0].questionId");
        expect(set(unique("Retired"), List.of(five.get(0), retired)), 422, "items[1].questionId");
        expect(set(unique("Duplicate"), List.of(five.get(0), five.get(1), five.get(0))), 422, "items[2].questionId");
        expect(Map.of("name", unique("Zero minutes"), "items", List.of(Map.of("questionId", five.get(0), "minutes", 0))),
                400, "items[0].minutes");
        expect(Map.of("name", unique("61 minutes"), "items", List.of(Map.of("questionId", five.get(0), "minutes", 61))),
                400, "items[0].minutes");
        expect(Map.of("name", unique("Empty"), "items", List.of()), 400, "items");
        expect(Map.of("name", "", "items", List.of(Map.of("questionId", five.get(0)))), 400, "name");
        expect(Map.of("name", "x".repeat(121), "items", List.of(Map.of("questionId", five.get(0)))), 400, "name");
        List<String> thirtyOne = new ArrayList<>();
        bank("kafka/basics").forEach(q -> thirtyOne.add((String) q.get("id")));
        for (String c : List.of("kafka/replication", "kafka/streams", "kafka/connect", "kafka/security",
                "kafka/consumer-groups", "kafka/storage-and-retention")) {
            bank(c).forEach(q -> thirtyOne.add((String) q.get("id")));
        }
        expect(set(unique("Too many"), thirtyOne.subList(0, 31)), 400, "items");
        given().auth().oauth2(token("alice")).contentType("application/json").body("{\"name\": \"x\", \"items\": [")
                .post("/api/question-sets").then().statusCode(400)
                .body("type", equalTo("https://interview-panel.org/problems/malformed-json"));

        assertThat(rows("question_set")).isEqualTo(sets);
        assertThat(rows("question_set_item")).isEqualTo(items);
    }

    private String retiredQuestion() {
        String id = given().auth().oauth2(token("alice")).contentType("application/json").body(Map.of(
                "category", "kafka/real-world-scenarios", "text", "Soon retired " + UUID.randomUUID(), "difficulty", 1,
                "tags", List.of("retired"), "minutes", 5, "rubric", Map.of("keyPoints", List.of("one"),
                        "levels", Map.of("1", "a", "3", "b", "5", "c"))))
                .post("/api/questions").then().statusCode(201).extract().path("id");
        given().auth().oauth2(token("alice")).post("/api/questions/" + id + "/retire").then().statusCode(204);
        return id;
    }

    private static void expect(Map<String, Object> body, int status, String field) {
        given().auth().oauth2(token("alice")).contentType("application/json").body(body)
                .post("/api/question-sets").then().statusCode(status)
                .contentType("application/problem+json")
                .body("errors.field", hasItem(field));
    }
}
