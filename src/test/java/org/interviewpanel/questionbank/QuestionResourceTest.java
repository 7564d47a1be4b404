package org.interviewpanel.questionbank;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.interviewpanel.testsupport.Tokens.token;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

@QuarkusTest
class QuestionResourceTest {

    /** Questions these tests write go to one category, so counts elsewhere stay those of the seed. */
    static final String SCRATCH = "kafka/real-world-scenarios";

    @Inject
    EntityManager em;

    @Inject
    QuestionService questions;

    static Map<String, Object> newQuestion(String text) {
        return Map.of("category", SCRATCH, "text", text, "difficulty", 2, "tags", List.of("scratch", "ops"),
                "minutes", 7, "rubric", rubric("Names the main trade-off."), "followUps", List.of("What would you measure?"));
    }

    /** An edit of version 1 of a question made with {@link #newQuestion}: the same fields but the category. */
    static Map<String, Object> editOfVersionOne(String text) {
        Map<String, Object> edit = new java.util.HashMap<>(newQuestion(text));
        edit.remove("category");
        edit.put("version", 1);
        return edit;
    }

    static Map<String, Object> rubric(String firstPoint) {
        return Map.of("keyPoints", List.of(firstPoint, "Explains how to verify it."),
                "levels", Map.of("1", "Vague.", "3", "Correct but partial.", "5", "Complete and precise."));
    }

    static String create(String user, Map<String, Object> body) {
        return given().auth().oauth2(token(user)).contentType("application/json").body(body)
                .post("/api/questions").then().statusCode(201).extract().path("id");
    }

    long rows(String table) {
        return ((Number) em.createNativeQuery("select count(*) from " + table).getSingleResult()).longValue();
    }

    // --- search, filters, paging ---

    @Test
    void searchingIsrFindsTheIsrQuestionFirst() {
        given().auth().oauth2(token("alice")).queryParam("q", "ISR")
                .get("/api/questions").then().statusCode(200)
                .body("items[0].key", equalTo("kafka/replication/in-sync-replicas"))
                .body("items[0].text", equalTo("How does Kafka handle ISR (In-Sync Replica)?"));
    }

    @Test
    void searchingInSyncReplicaFindsTheIsrQuestionFirst() {
        given().auth().oauth2(token("alice")).queryParam("q", "in-sync replica")
                .get("/api/questions").then().statusCode(200)
                .body("items[0].key", equalTo("kafka/replication/in-sync-replicas"));
    }

    @Test
    void searchReachesRubricTextToo() {
        // "high watermark" is named in rubrics, not in any question text.
        JsonPath page = given().auth().oauth2(token("alice")).queryParam("q", "high watermark")
                .get("/api/questions").then().statusCode(200).extract().jsonPath();
        assertThat(page.getInt("total")).isPositive();
        assertThat(page.getList("items.text", String.class)).noneMatch(t -> t.toLowerCase().contains("watermark"));
    }

    @Test
    void categoryDifficultyAndTagFiltersNarrowTheList() {
        given().auth().oauth2(token("alice")).queryParam("category", "kafka/transactions")
                .get("/api/questions").then().statusCode(200)
                .body("total", equalTo(4))
                .body("items.category", everyItem(equalTo("kafka/transactions")));
        given().auth().oauth2(token("alice")).queryParam("difficulty", 3)
                .get("/api/questions").then().statusCode(200)
                .body("items.difficulty", everyItem(equalTo(3)));
        given().auth().oauth2(token("alice")).queryParam("tag", "isr")
                .get("/api/questions").then().statusCode(200)
                .body("items.key", hasItem("kafka/replication/in-sync-replicas"))
                .body("items.tags", everyItem(hasItem("isr")));
    }

    @Test
    void pagesCoverTheListOnceEach() {
        JsonPath first = given().auth().oauth2(token("alice")).queryParam("size", 10).queryParam("page", 1)
                .get("/api/questions").then().statusCode(200).extract().jsonPath();
        long total = first.getLong("total");
        assertThat(total).isGreaterThanOrEqualTo(59);
        Set<String> seen = new HashSet<>();
        for (int page = 1; page <= (total + 9) / 10; page++) {
            List<String> ids = given().auth().oauth2(token("alice")).queryParam("size", 10).queryParam("page", page)
                    .get("/api/questions").then().statusCode(200)
                    .body("page", equalTo(page)).body("size", equalTo(10))
                    .extract().jsonPath().getList("items.id", String.class);
            assertThat(ids).allMatch(seen::add);
        }
        assertThat(seen).hasSize((int) total);
    }

    @Test
    void badFiltersAre400Problems() {
        for (var bad : List.of(Map.of("size", "201"), Map.of("size", "0"), Map.of("difficulty", "4"),
                Map.of("status", "BOGUS"), Map.of("page", "0"), Map.of("category", "kafka/nope"))) {
            given().auth().oauth2(token("alice")).queryParams(bad)
                    .get("/api/questions").then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors[0].field", equalTo(bad.keySet().iterator().next()));
        }
    }

    // --- create, edit, versions, retire ---

    @Test
    void editingMakesVersionTwoAndVersionOneStaysReadable() {
        String id = create("alice", newQuestion("How would you roll out a schema change to 40 consumers?"));
        Map<String, Object> edit = editOfVersionOne("How would you roll out a breaking schema change?");
        given().auth().oauth2(token("alice")).contentType("application/json").body(edit)
                .put("/api/questions/" + id).then().statusCode(200)
                .body("version", equalTo(2))
                .body("text", equalTo("How would you roll out a breaking schema change?"))
                .body("versions.version", org.hamcrest.Matchers.contains(1, 2));
        given().auth().oauth2(token("bob")).get("/api/questions/" + id + "/versions/1").then().statusCode(200)
                .body("text", equalTo("How would you roll out a schema change to 40 consumers?"));

        // The same edit based on version 1 again is stale now.
        given().auth().oauth2(token("alice")).contentType("application/json").body(edit)
                .put("/api/questions/" + id).then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("https://interview-panel.org/problems/stale-version"));
        given().auth().oauth2(token("alice")).get("/api/questions/" + id).then().body("version", equalTo(2));
    }

    @Test
    void aVersionsGuideIsReadOnceAndKeptAsWritten() {
        String id = create("alice", newQuestion("How would you size the partitions of a new topic?"));
        Map<String, Object> edit = editOfVersionOne("How would you size a new topic's partitions?");
        edit.put("followUps", List.of("And when the load doubles?"));
        given().auth().oauth2(token("alice")).contentType("application/json").body(edit)
                .put("/api/questions/" + id).then().statusCode(200).body("version", equalTo(2));
        UUID question = UUID.fromString(id);

        QuestionService.Guide first = QuarkusTransaction.requiringNew().call(() -> questions.guide(question, 1))
                .orElseThrow();
        assertThat(first.followUps()).containsExactly("What would you measure?");
        assertThat(first.rubric().keyPoints()).first().isEqualTo("Names the main trade-off.");
        assertThat(QuarkusTransaction.requiringNew().call(() -> questions.guide(question, 2)).orElseThrow().followUps())
                .containsExactly("And when the load doubles?");
        assertThat(QuarkusTransaction.requiringNew().call(() -> questions.guide(question, 3))).isEmpty();

        // A version never changes once written; were its row changed behind the service's back, the guide read before
        // is what the room still shows: it is not read again.
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "update question_version set follow_ups = cast('[\"changed behind its back\"]' as jsonb) "
                        + "where question_id = ?1 and version = 1")
                .setParameter(1, question).executeUpdate());
        assertThat(QuarkusTransaction.requiringNew().call(() -> questions.guide(question, 1)).orElseThrow())
                .isEqualTo(first);
    }

    @Test
    void anUnchangedEditMakesNoVersion() {
        String id = create("carol", newQuestion("Which metric tells you a consumer group is stuck?"));
        Map<String, Object> same = editOfVersionOne("Which metric tells you a consumer group is stuck?");
        given().auth().oauth2(token("carol")).contentType("application/json").body(same)
                .put("/api/questions/" + id).then().statusCode(200).body("version", equalTo(1));
    }

    @Test
    void retiringHidesFromTheDefaultListButKeepsItReadable() {
        String text = "Zanzibar-check: when would you pick a compacted topic over a database table?";
        String id = create("alice", newQuestion(text));
        given().auth().oauth2(token("bob")).post("/api/questions/" + id + "/retire").then().statusCode(403);
        given().auth().oauth2(token("alice")).post("/api/questions/" + id + "/retire").then().statusCode(204);

        given().auth().oauth2(token("alice")).queryParam("q", "Zanzibar-check")
                .get("/api/questions").then().body("total", equalTo(0));
        given().auth().oauth2(token("alice")).queryParam("q", "Zanzibar-check").queryParam("status", "RETIRED")
                .get("/api/questions").then().body("total", equalTo(1)).body("items[0].status", equalTo("RETIRED"));
        given().auth().oauth2(token("alice")).queryParam("q", "Zanzibar-check").queryParam("status", "ALL")
                .get("/api/questions").then().body("total", equalTo(1));
        given().auth().oauth2(token("hana")).get("/api/questions/" + id).then().statusCode(200)
                .body("status", equalTo("RETIRED"));
    }

    @Test
    void createdQuestionsGetAKeyFromCategoryAndText() {
        String id = create("dave", newQuestion("What does a rebalance storm look like?"));
        given().auth().oauth2(token("dave")).get("/api/questions/" + id).then().statusCode(200)
                .body("key", startsWith(SCRATCH + "/dave.what-does-a-rebalance-storm-look-like"))
                .body("author", equalTo("dave"))
                .body("source", equalTo("CONSOLE"));
    }

    @Test
    void aKeyOfTheBankFilesCannotBeTakenFromTheConsole() {
        // bank/category/slug belongs to the files: a later bank file could add exactly this key.
        Map<String, Object> squat = new java.util.HashMap<>(newQuestion("A question squatting a future bank key?"));
        squat.put("key", SCRATCH + "/a-future-bank-question");
        given().auth().oauth2(token("dave")).contentType("application/json").body(squat)
                .post("/api/questions").then().statusCode(422)
                .body("errors[0].field", equalTo("key"));
        squat.put("key", SCRATCH + "/bob.in-bobs-name");
        given().auth().oauth2(token("dave")).contentType("application/json").body(squat)
                .post("/api/questions").then().statusCode(422);
        squat.put("key", SCRATCH + "/dave.my-own-key");
        given().auth().oauth2(token("dave")).contentType("application/json").body(squat)
                .post("/api/questions").then().statusCode(201).body("key", equalTo(SCRATCH + "/dave.my-own-key"));
    }

    // --- authorization ---

    @Test
    void hiringManagersReadButCannotWrite() {
        given().auth().oauth2(token("hana")).get("/api/questions").then().statusCode(200);
        given().auth().oauth2(token("hana")).contentType("application/json").body(newQuestion("Hana's question?"))
                .post("/api/questions").then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void onlyTheAuthorOrAnAdminEdits() {
        String id = create("alice", newQuestion("How do you size a consumer group for a daily peak?"));
        Map<String, Object> edit = editOfVersionOne("Edited by someone?");
        given().auth().oauth2(token("bob")).contentType("application/json").body(edit)
                .put("/api/questions/" + id).then().statusCode(403);
        given().auth().oauth2(token("root")).contentType("application/json").body(edit)
                .put("/api/questions/" + id).then().statusCode(200).body("version", equalTo(2));
    }

    @Test
    void importedQuestionsAreChangedByAdminsOnly() {
        String id = given().auth().oauth2(token("alice")).queryParam("q", "ISR")
                .get("/api/questions").then().extract().path("items[0].id");
        given().auth().oauth2(token("alice")).post("/api/questions/" + id + "/retire").then().statusCode(403);
    }

    @Test
    void anonymousCallsAre401() {
        given().get("/api/questions").then().statusCode(401).contentType("application/problem+json");
        given().get("/api/questions/categories").then().statusCode(401);
    }

    @Test
    void unknownQuestionIs404() {
        given().auth().oauth2(token("alice")).get("/api/questions/" + UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(token("alice")).get("/api/questions/not-a-uuid").then().statusCode(404);
    }

    // --- bad input writes nothing ---

    @Test
    void badQuestionsAre4xxNamingTheFieldAndWriteNothing() {
        long questions = rows("question");
        long versions = rows("question_version");

        Map<String, Object> unknownCategory = new java.util.HashMap<>(newQuestion("Fine text?"));
        unknownCategory.put("category", "kafka/cooking");
        expectProblem(unknownCategory, 422, "category");

        expectProblem(with("text", ""), 400, "text");
        expectProblem(with("text", "x".repeat(5000)), 400, "text");
        expectProblem(with("difficulty", 0), 400, "difficulty");
        expectProblem(with("difficulty", 4), 400, "difficulty");
        expectProblem(with("minutes", 61), 400, "minutes");
        expectProblem(with("tags", List.of("Not A Tag")), 400, "tags[0]");
        expectProblem(with("rubric", Map.of("keyPoints", List.of(), "levels", Map.of("1", "a", "3", "b", "5", "c"))), 400,
                "rubric.keyPoints");
        expectProblem(with("rubric", Map.of("keyPoints", List.of("a"), "levels", Map.of("1", "", "3", "b", "5", "c"))), 400,
                "rubric.levels.1");
        expectProblem(with("colour", "blue"), 400, "colour");
        expectProblem(with("difficulty", "hard"), 400, "difficulty");

        assertThat(rows("question")).isEqualTo(questions);
        assertThat(rows("question_version")).isEqualTo(versions);
    }

    private static Map<String, Object> with(String field, Object value) {
        Map<String, Object> body = new java.util.HashMap<>(newQuestion("A valid question text?"));
        body.put(field, value);
        return body;
    }

    private static void expectProblem(Map<String, Object> body, int status, String field) {
        given().auth().oauth2(token("alice")).contentType("application/json").body(body)
                .post("/api/questions").then().statusCode(status)
                .contentType("application/problem+json")
                .body("errors.field", hasItem(field));
    }
}
