package org.interviewpanel.questionbank;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.interviewpanel.testsupport.Tokens.token;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.interviewpanel.testsupport.SeedQuestions;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** The bank holds every seed question, verbatim, in its category. */
@QuarkusTest
class QuestionBankSeedTest {

    @Test
    void theSeedHasTwelveCategoriesAndFiftyNineQuestions() {
        List<SeedQuestions.Seed> seeds = SeedQuestions.all();
        assertThat(seeds).hasSize(59);
        assertThat(seeds.stream().map(SeedQuestions.Seed::category).distinct()).hasSize(12);
    }

    @Test
    void theVendoredSeedIsTheSharedOne() throws Exception {
        Path shared = Path.of(System.getProperty("panel.test.project-dir", "."), "..", "shared", "seed",
                "kafka-interview-questions.md");
        if (Files.exists(shared)) {
            assertThat(SeedQuestions.raw()).isEqualTo(Files.readString(shared));
        }
    }

    @Test
    void everySeedQuestionIsInTheBankVerbatimInItsCategory() {
        List<Map<String, Object>> categories = given().auth().oauth2(token("alice"))
                .get("/api/questions/categories").then().statusCode(200).extract().jsonPath().getList("$");
        Map<String, String> keyByTitle = categories.stream()
                .filter(c -> ((String) c.get("key")).startsWith("kafka/"))
                .collect(Collectors.toMap(c -> (String) c.get("title"), c -> (String) c.get("key")));

        for (SeedQuestions.Seed seed : SeedQuestions.all()) {
            String categoryKey = keyByTitle.get(seed.category());
            assertThat(categoryKey).as("category of %s", seed).isNotNull();
            JsonPath page = given().auth().oauth2(token("alice"))
                    .queryParam("category", categoryKey).queryParam("size", 200)
                    .get("/api/questions").then().statusCode(200).extract().jsonPath();
            assertThat(page.getList("items.text", String.class)).as("category %s", categoryKey).contains(seed.text());
        }
    }

    @Test
    void categoriesCarryTheSeedTitlesInOrderWithCounts() {
        JsonPath categories = given().auth().oauth2(token("hana"))
                .get("/api/questions/categories").then().statusCode(200).extract().jsonPath();
        List<String> expected = SeedQuestions.all().stream().map(SeedQuestions.Seed::category).distinct().toList();
        assertThat(categories.getList("title", String.class)).containsSubsequence(expected);
        assertThat(categories.getInt("find { it.key == 'kafka/transactions' }.count")).isEqualTo(4);
        assertThat(categories.getInt("find { it.key == 'kafka/streams' }.count")).isEqualTo(5);
    }

    @Test
    void seedSubBulletsArePartsOfTheirQuestion() {
        String id = given().auth().oauth2(token("alice")).queryParam("q", "architecture")
                .queryParam("category", "kafka/basics")
                .get("/api/questions").then().statusCode(200).extract().path("items[0].id");
        JsonPath q = given().auth().oauth2(token("alice")).get("/api/questions/" + id).then().statusCode(200)
                .extract().jsonPath();
        assertThat(q.getString("text")).isEqualTo("Explain the architecture of Kafka.");
        assertThat(q.getList("parts", String.class)).containsExactly("Brokers", "Producers", "Consumers", "Topics",
                "Partitions");
        assertThat(q.getList("rubric.keyPoints")).hasSizeBetween(4, 8);
        assertThat(q.getString("rubric.levels.'1'")).isNotBlank();
        assertThat(q.getString("rubric.levels.'3'")).isNotBlank();
        assertThat(q.getString("rubric.levels.'5'")).isNotBlank();
        assertThat(q.getList("followUps")).hasSizeBetween(1, 3);
    }

    @Test
    void guidanceIsServedWithTheBank() {
        JsonPath banks = given().auth().oauth2(token("bob")).get("/api/question-banks").then().statusCode(200)
                .extract().jsonPath();
        assertThat(banks.getString("[0].key")).isEqualTo("kafka");
        assertThat(banks.getList("[0].guidance")).hasSize(5);
    }
}
