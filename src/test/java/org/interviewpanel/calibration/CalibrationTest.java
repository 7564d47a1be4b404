package org.interviewpanel.calibration;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.interviewpanel.testsupport.Tokens.token;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.interviewpanel.questionbank.QuestionBankConfig;
import org.interviewpanel.questionbank.QuestionBankImporter;
import org.interviewpanel.questionbank.QuestionDtos.ImportReport;
import org.interviewpanel.testsupport.Management;
import org.interviewpanel.testsupport.Scoring;
import org.interviewpanel.testsupport.Sessions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;

/**
 * Reference-answer exercises through the API against the real stack: imported from questions/ beside the rubrics,
 * taken blind, scored against the experts (checked here with an independent computation), recorded through the
 * outbox and counted by analytics toward qualification; bad input refused without a trace.
 */
@QuarkusTest
class CalibrationTest {

    @Inject
    QuestionBankImporter importer;

    @Inject
    QuestionBankConfig config;

    static JsonPath exercises(String user, String category) {
        var request = given().auth().oauth2(token(user));
        if (category != null) {
            request.queryParam("category", category);
        }
        return request.get("/api/calibration/exercises").then().statusCode(200).extract().jsonPath();
    }

    static ValidatableResponse attempt(String user, String exercise, Object body) {
        return given().auth().oauth2(token(user)).contentType("application/json").body(body)
                .post("/api/calibration/exercises/" + exercise + "/attempts").then();
    }

    static JsonPath qualification(String user, String category) {
        return given().auth().oauth2(token(user)).queryParam("category", category).get("/api/reports/qualification")
                .then().statusCode(200).extract().jsonPath();
    }

    static int exerciseComparisons(String user, String category) {
        Integer n = qualification("hana", category).get("rows.find { it.interviewer == '" + user + "' }.exerciseComparisons");
        return n == null ? 0 : n;
    }

    @Test
    void theSeedCarriesEnoughExercisesAndNeverShowsTheExpertsBeforeAnAttempt() {
        String body = given().auth().oauth2(token("carol")).get("/api/calibration/exercises").then().statusCode(200)
                .extract().asString();
        JsonPath all = JsonPath.from(body);
        List<String> questions = all.getList("items.questionKey");
        assertThat(new TreeSet<>(questions)).hasSizeGreaterThanOrEqualTo(24);
        assertThat(new TreeSet<>(all.<String> getList("items.category"))).hasSize(12);
        for (int i = 0; i < questions.size(); i++) {
            assertThat(all.getList("items[" + i + "].answers")).hasSizeGreaterThanOrEqualTo(3);
            assertThat(all.getString("items[" + i + "].rubric.levels.'5'")).isNotBlank();
        }
        assertThat(body).doesNotContain("\"expert").doesNotContain("\"reason").doesNotContain("\"rating");
        assertThat(exercises("hana", "kafka/replication").getList("items.category")).containsOnly("kafka/replication");
        given().auth().oauth2(token("carol")).queryParam("category", "Kafka Replication!")
                .get("/api/calibration/exercises").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void anAttemptReturnsAgreementWithTheExpertsAndCountsOnceTowardQualification() {
        String category = "kafka/consumer-groups";
        JsonPath list = exercises("carol", category);
        String exercise = list.getString("items[0].id");
        List<String> answers = list.getList("items[0].answers.id");
        int before = exerciseComparisons("carol", category);
        boolean firstTime = list.getInt("items[0].attempts") == 0;

        // carol rates 1, 2, 3, … in the order shown; the experts' ratings come back only now.
        List<Map<String, Object>> ratings = new ArrayList<>();
        for (int i = 0; i < answers.size(); i++) {
            ratings.add(Map.of("answerId", answers.get(i), "rating", 1 + i % 5));
        }
        JsonPath result = attempt("carol", exercise, Map.of("ratings", ratings)).statusCode(201)
                .contentType("application/json").extract().jsonPath();
        assertThat(result.getBoolean("countsForQualification")).isEqualTo(firstTime);
        List<List<Integer>> units = new ArrayList<>();
        double deviation = 0;
        for (int i = 0; i < answers.size(); i++) {
            String at = "answers.find { it.answerId == '" + answers.get(i) + "' }";
            int expert = result.getInt(at + ".expert");
            assertThat(result.getInt(at + ".rating")).isEqualTo(1 + i % 5);
            assertThat(result.getInt(at + ".delta")).isEqualTo(1 + i % 5 - expert);
            assertThat(result.getString(at + ".reason")).hasSizeGreaterThan(20);
            units.add(List.of(1 + i % 5, expert));
            deviation += Math.abs(1 + i % 5 - expert);
        }
        assertThat(result.getDouble("meanAbsoluteDeviation")).isCloseTo(deviation / answers.size(),
                within(0.001));
        assertThat(result.getDouble("alphaInterval")).isCloseTo(PairAlpha.reference(units),
                within(0.0001));

        // Analytics counts the first attempt of an exercise only; a retake is practice.
        int expected = before + (firstTime ? answers.size() : 0);
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(exerciseComparisons("carol", category)).isEqualTo(expected));
        attempt("carol", exercise, Map.of("ratings", ratings)).statusCode(201)
                .body("countsForQualification", equalTo(false));
        assertThat(exercises("carol", category).getInt("items[0].attempts")).isGreaterThanOrEqualTo(2);

        // Interviewers read only their own qualification rows; hiring managers everyone's.
        assertThat(qualification("carol", category).<String> getList("rows.interviewer")).containsOnly("carol");
        assertThat(qualification("hana", category).<String> getList("rows.interviewer")).contains("alice", "carol");
        given().auth().oauth2(token("carol")).queryParam("category", "not a category").get("/api/reports/qualification")
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void driftReadsTheSameLeniencyAsTheInterviewersReport() {
        // Sessions of this test and others give alice co-rated items; a window covering all time holds all of them.
        String session = Scoring.liveSession();
        Scoring.rate("alice", session, 1, Map.of("rating", 4)).statusCode(200);
        Scoring.rate("bob", session, 1, Map.of("rating", 2)).statusCode(200);
        Sessions.act("alice", session, "end").statusCode(200);
        Scoring.submit("alice", session, "YES").statusCode(200);
        Scoring.submit("bob", session, "NO").statusCode(200);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonPath interviewers = given().auth().oauth2(token("hana")).get("/api/reports/interviewers").then()
                    .statusCode(200).extract().jsonPath();
            JsonPath drift = given().auth().oauth2(token("hana")).queryParam("from", "2000-01-01")
                    .queryParam("to", "2100-01-01").get("/api/reports/drift").then().statusCode(200).extract().jsonPath();
            for (String who : List.of("alice", "bob")) {
                String row = "rows.find { it.interviewer == '" + who + "' }";
                assertThat(drift.getInt(row + ".windowCount")).isEqualTo(interviewers.getInt(row + ".comparedItems"))
                        .isPositive();
                assertThat(drift.getInt(row + ".baselineCount")).isZero();
                assertThat(drift.getDouble(row + ".leniency")).isCloseTo(interviewers.getDouble(row + ".leniency"),
                        within(0.0011));
                assertThat(drift.getString(row + ".method")).contains("Holm");
            }
        });
        given().auth().oauth2(token("alice")).get("/api/reports/drift").then().statusCode(403);
        given().auth().oauth2(token("hana")).queryParam("from", "yesterday").get("/api/reports/drift").then()
                .statusCode(400).contentType("application/problem+json");
        assertThat(given().auth().oauth2(token("hana")).accept("text/csv").get("/api/reports/drift").then()
                .statusCode(200).extract().asString()).startsWith("interviewer,interviewerName,window,");
        String metrics = Management.given().get("/q/metrics").then().statusCode(200)
                .extract().asString();
        assertThat(Management.metric(metrics, "panel_calibration_drift_flagged"))
                .isGreaterThanOrEqualTo(0);
    }

    @Test
    void badAttemptsAreRefusedAndLeaveNothing() {
        JsonPath list = exercises("bob", "kafka/streams");
        String exercise = list.getString("items[0].id");
        List<String> answers = list.getList("items[0].answers.id");
        String other = exercises("bob", "kafka/security").getString("items[0].answers[0].id");
        int attempts = list.getInt("items[0].attempts");
        List<Map<String, Object>> all = answers.stream().map(a -> Map.<String, Object> of("answerId", a, "rating", 3))
                .toList();

        attempt("bob", exercise, Map.of("ratings", all.subList(1, all.size()))).statusCode(422)
                .contentType("application/problem+json").body("errors[0].field", equalTo("ratings"));
        List<Map<String, Object>> twice = new ArrayList<>(all);
        twice.set(1, all.get(0));
        attempt("bob", exercise, Map.of("ratings", twice)).statusCode(422).body("errors[0].field",
                equalTo("ratings[1].answerId"));
        List<Map<String, Object>> foreign = new ArrayList<>(all);
        foreign.set(0, Map.of("answerId", other, "rating", 3));
        attempt("bob", exercise, Map.of("ratings", foreign)).statusCode(422);
        for (Object bad : List.of(0, 6, 2.5, -1)) {
            List<Map<String, Object>> wrong = new ArrayList<>(all);
            wrong.set(0, Map.of("answerId", answers.get(0), "rating", bad));
            attempt("bob", exercise, Map.of("ratings", wrong)).statusCode(422)
                    .body("errors[0].field", equalTo("ratings[0].rating"));
        }
        attempt("bob", exercise, "{\"ratings\": [").statusCode(400).contentType("application/problem+json");
        attempt("bob", exercise, Map.of()).statusCode(400);
        attempt("bob", "00000000-0000-0000-0000-000000000000", Map.of("ratings", all)).statusCode(404);
        attempt("hana", exercise, Map.of("ratings", all)).statusCode(403);
        given().contentType("application/json").body(Map.of("ratings", all))
                .post("/api/calibration/exercises/" + exercise + "/attempts").then().statusCode(401);
        assertThat(exercises("bob", "kafka/streams").getInt("items[0].attempts")).isEqualTo(attempts);
    }

    @Test
    void aBrokenCalibrationFileIsReportedByLineAndImportsNothing(@TempDir Path dir) throws Exception {
        Path source = config.directory().toAbsolutePath();
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.toList()) {
                Path target = dir.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        Path calibration = dir.resolve("kafka/calibration");
        String good = Files.readString(calibration.resolve("08-streams.yaml"));
        // Line 3 names a question the bank does not have; a rating of 7 is off the scale.
        Files.writeString(calibration.resolve("08-streams.yaml"),
                good.replaceFirst("question: \"kafka/streams/[a-z0-9-]+\"", "question: \"kafka/streams/no-such-question\""));
        Files.writeString(calibration.resolve("10-security.yaml"),
                Files.readString(calibration.resolve("10-security.yaml")).replaceFirst("rating: [1-5]", "rating: 7"));
        try {
            ImportReport report = importer.importDirectory(dir);
            assertThat(report.errors()).extracting(e -> e.file()).containsOnly("kafka/calibration/08-streams.yaml",
                    "kafka/calibration/10-security.yaml");
            assertThat(report.errors()).anyMatch(e -> e.file().endsWith("08-streams.yaml") && e.line() == 3
                    && e.message().contains("no-such-question"));
            assertThat(report.errors()).anyMatch(e -> e.file().endsWith("10-security.yaml") && e.line() > 3
                    && e.message().contains("rating"));
            // The valid files are imported; the broken files' exercises stay as they were (nothing is retired).
            assertThat(exercises("alice", "kafka/streams").getList("items")).hasSize(3);
            assertThat(exercises("alice", "kafka/basics").getList("items")).hasSize(3);
        } finally {
            ImportReport restored = importer.importDirectory(config.directory());
            assertThat(restored.errors()).isEmpty();
        }
        Set<String> keys = new TreeSet<>(exercises("alice", null).getList("items.questionKey"));
        assertThat(keys).hasSize(36);
    }
}
