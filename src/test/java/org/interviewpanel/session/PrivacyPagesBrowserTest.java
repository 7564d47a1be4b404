package org.interviewpanel.session;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.interviewpanel.testsupport.Tokens.token;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.interviewpanel.testsupport.Browser;
import org.interviewpanel.testsupport.Sessions;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import io.quarkus.test.junit.QuarkusTest;

/** An admin answers an erasure request from the console: finds the candidate, erases them after confirming. */
@QuarkusTest
class PrivacyPagesBrowserTest {

    @Test
    void anAdminFindsAndErasesACandidateFromThePrivacyPage() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String email = "erin." + tag + "@example.test";
        String id = given().auth().oauth2(token("alice")).contentType("application/json")
                .body(Map.of("position", "Privacy page check", "candidate", Map.of("name", "Erin Erasable " + tag,
                        "email", email), "questionSetId", Sessions.questionSet("alice", 1), "panel",
                        List.of("alice"), "lead", "alice", "scheduledAt",
                        Instant.now().plus(1, ChronoUnit.DAYS).toString()))
                .post("/api/sessions").then().statusCode(201).extract().path("id");

        try (Browser root = Browser.onTestApp(Browser.Size.PHONE)) {
            root.login("root", "/admin/privacy");
            root.find(By.id("find-email")).sendKeys(email);
            root.find(By.id("find")).click();
            root.waitFor(d -> d.findElements(By.cssSelector("#found li")).size() == 1);
            assertThat(root.find(By.cssSelector("#found [data-name]")).getText()).isEqualTo("Erin Erasable " + tag);
            assertThat(root.find(By.cssSelector("#found [data-export]")).getAttribute("href"))
                    .contains("/api/admin/candidates/").endsWith("/export");
            root.audit();
            root.screenshot("privacy-found");

            root.find(By.cssSelector("#found [data-reason]")).sendKeys("DSR-" + tag);
            root.find(By.cssSelector("#found [data-erase] button")).click();
            root.find(By.id("confirm-yes")).click();
            root.waitFor(d -> d.findElement(By.cssSelector("#found [data-name]")).getText().equals("Erased candidate"));
            root.audit();
        }
        Sessions.get("root", id).body("candidate.name", equalTo("Erased candidate"));
        given().auth().oauth2(token("root")).queryParam("subject", "sessions/" + id).get("/api/admin/audit").then()
                .statusCode(200).body("items.find { it.action == 'CANDIDATE_ERASED' }.detail", equalTo("DSR-" + tag));
    }
}
