package org.interviewpanel.questionbank;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.interviewpanel.testsupport.Tokens.token;

import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.interviewpanel.questionbank.QuestionDtos.ImportReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class QuestionBankImportTest {

    @Inject
    QuestionBankImporter importer;

    @Inject
    QuestionBankConfig config;

    @Inject
    EntityManager em;

    long rows(String sql) {
        return ((Number) em.createNativeQuery(sql).getSingleResult()).longValue();
    }

    @Test
    void importingTwiceLeavesTheSameRowsAndVersions() {
        // The first run settles whatever other tests left; the second must change nothing.
        given().auth().oauth2(token("root")).post("/api/admin/questions/import").then().statusCode(200)
                .body("errors", empty());
        long questions = rows("select count(*) from question");
        long versions = rows("select count(*) from question_version");
        given().auth().oauth2(token("root")).post("/api/admin/questions/import").then().statusCode(200)
                .body("imported", equalTo(0))
                .body("updated", equalTo(0))
                .body("retired", equalTo(0))
                .body("errors", empty());
        assertThat(rows("select count(*) from question")).isEqualTo(questions);
        assertThat(rows("select count(*) from question_version")).isEqualTo(versions);
        assertThat(rows("select count(*) from question where source = 'IMPORT' and status = 'ACTIVE'")).isEqualTo(59);
    }

    @Test
    void onlyAdminsImport() {
        given().auth().oauth2(token("alice")).post("/api/admin/questions/import").then().statusCode(403);
        given().auth().oauth2(token("hana")).post("/api/admin/questions/import").then().statusCode(403);
    }

    @Test
    void aFileWithErrorsImportsNothingAndIsReportedByLine(@TempDir Path dir) throws Exception {
        Path bank = Files.createDirectories(dir.resolve("trial"));
        Files.writeString(bank.resolve("_bank.yaml"), """
                bank: "trial"
                title: "Trial bank"
                guidance:
                  - title: "Try it"
                    text: "A bank for the importer's test."
                """);
        Files.writeString(bank.resolve("01-good.yaml"), question("trial/good", "trial/good/first", 2, ""));
        // The bad question starts on line 6, with an unknown field on line 7 and difficulty 4 on line 9.
        Files.writeString(bank.resolve("02-bad.yaml"), question("trial/bad", "trial/bad/second", 4, "    colour: \"blue\"\n"));
        try {
            ImportReport report = importer.importDirectory(dir);
            assertThat(report.imported()).isEqualTo(1);
            assertThat(report.retired()).as("no retirement while a file is broken").isZero();
            assertThat(report.errors()).isNotEmpty().allMatch(e -> e.file().equals("trial/02-bad.yaml"));
            assertThat(report.errors()).anyMatch(e -> e.line() == 9 && e.message().contains("difficulty"));
            assertThat(report.errors()).anyMatch(e -> e.line() == 6 && e.message().contains("colour"));
            assertThat(rows("select count(*) from question where key = 'trial/bad/second'")).isZero();
            assertThat(rows("select count(*) from question where key = 'trial/good/first'")).isOne();

            // Editing the file's question makes version 2; the same file again changes nothing.
            Files.writeString(bank.resolve("02-bad.yaml"), question("trial/bad", "trial/bad/second", 2, ""));
            Files.writeString(bank.resolve("01-good.yaml"), question("trial/good", "trial/good/first", 3, ""));
            ImportReport second = importer.importDirectory(dir);
            assertThat(second.errors()).isEmpty();
            assertThat(second.imported()).isEqualTo(1);
            assertThat(second.updated()).isEqualTo(1);
            assertThat(rows("select current_version from question where key = 'trial/good/first'")).isEqualTo(2);
            assertThat(rows("select count(*) from question_version v join question q on q.id = v.question_id "
                    + "where q.key = 'trial/good/first' and v.version = 1 and v.difficulty = 2")).isOne();
        } finally {
            // Back to the real bank: the trial questions leave the files, so they are retired.
            ImportReport restored = importer.importDirectory(config.directory());
            assertThat(restored.errors()).isEmpty();
            assertThat(rows("select count(*) from question where key like 'trial/%' and status = 'ACTIVE'")).isZero();
        }
    }

    @Test
    void aBankFileNeverTakesOverAQuestionWrittenInTheConsole(@TempDir Path dir) throws Exception {
        Path bank = Files.createDirectories(dir.resolve("trial"));
        Files.writeString(bank.resolve("_bank.yaml"), """
                bank: "trial"
                title: "Trial"
                guidance:
                  - title: "Try it"
                    text: "A bank for the importer's test."
                """);
        Files.writeString(bank.resolve("01-good.yaml"), question("trial/squat", "trial/squat/first", 2, ""));
        try {
            assertThat(importer.importDirectory(dir).errors()).isEmpty();
            String id = given().auth().oauth2(token("alice")).contentType("application/json")
                    .body(java.util.Map.of("category", "trial/squat", "text", "Alice's own question?", "difficulty", 1,
                            "tags", java.util.List.of("x"), "minutes", 5,
                            "rubric", java.util.Map.of("keyPoints", java.util.List.of("a", "b", "c", "d"), "levels",
                                    java.util.Map.of("1", "w", "3", "f", "5", "s")),
                            "followUps", java.util.List.of("then?")))
                    .post("/api/questions").then().statusCode(201).extract().path("id");
            // A console question holding a bank-shaped key (as data written before keys were namespaced could).
            io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().run(() -> em
                    .createNativeQuery("update question set key = 'trial/squat/second' where id = cast(?1 as uuid)")
                    .setParameter(1, id).executeUpdate());
            String twoQuestions = question("trial/squat", "trial/squat/first", 2, "");
            twoQuestions += twoQuestions.substring(twoQuestions.indexOf("  - key:")).replace("trial/squat/first",
                    "trial/squat/second");
            Files.writeString(bank.resolve("01-good.yaml"), twoQuestions);
            ImportReport report = importer.importDirectory(dir);
            assertThat(report.errors()).singleElement().satisfies(e -> {
                assertThat(e.file()).isEqualTo("trial/01-good.yaml");
                assertThat(e.message()).contains("trial/squat/second").contains("written in the console by alice");
            });
            given().auth().oauth2(token("alice")).get("/api/questions/" + id).then().statusCode(200)
                    .body("text", equalTo("Alice's own question?")).body("author", equalTo("alice"));
            given().auth().oauth2(token("alice")).post("/api/questions/" + id + "/retire").then().statusCode(204);
        } finally {
            importer.importDirectory(config.directory());
        }
    }

    @Test
    void malformedYamlIsReportedWithItsLine(@TempDir Path dir) throws Exception {
        Path bank = Files.createDirectories(dir.resolve("kafka"));
        Files.writeString(bank.resolve("99-broken.yaml"), "category:\n  key: \"kafka/x\"\n  title: [unclosed\n");
        ImportReport report = importer.importDirectory(dir);
        assertThat(report.errors()).singleElement().satisfies(e -> {
            assertThat(e.file()).isEqualTo("kafka/99-broken.yaml");
            assertThat(e.line()).isGreaterThanOrEqualTo(3);
            assertThat(e.message()).startsWith("not valid YAML");
        });
        assertThat(report.retired()).isZero();
    }

    private static String question(String category, String key, int difficulty, String extra) {
        return """
                category:
                  key: "%s"
                  title: "Trial"
                  position: 99
                questions:
                  - key: "%s"
                %s    text: "What is a trial question?"
                    difficulty: %d
                    minutes: 5
                    tags: ["trial"]
                    rubric:
                      keyPoints: ["one", "two", "three", "four"]
                      levels:
                        "1": "weak"
                        "3": "fair"
                        "5": "strong"
                    followUps: ["And then?"]
                """.formatted(category, key, extra, difficulty);
    }
}
