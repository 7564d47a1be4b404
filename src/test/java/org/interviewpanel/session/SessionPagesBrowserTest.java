package org.interviewpanel.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.interviewpanel.testsupport.Browser;
import org.interviewpanel.testsupport.Sessions;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class SessionPagesBrowserTest {

    @Test
    void scheduleFromTheConsoleAndReachTheLobbyFromTheLink() {
        String setId = Sessions.questionSet("alice", 2);
        try (Browser lead = Browser.onTestApp(); Browser candidate = Browser.onTestApp()) {
            lead.login("alice", "/sessions/new");
            lead.find(By.id("f-position")).sendKeys("Data engineer");
            lead.find(By.id("f-cname")).sendKeys("Robin Example");
            lead.find(By.id("f-cemail")).sendKeys("robin@example.test");
            new Select(lead.find(By.id("f-set"))).selectByValue(setId);
            lead.find(By.id("panel-bob")).click();
            lead.screenshot("session-schedule");
            lead.audit();
            lead.find(By.id("schedule")).click();

            String link = lead.waitFor(d -> {
                String value = d.findElement(By.id("candidate-link")).getAttribute("value");
                return value == null || value.isBlank() ? null : value;
            });
            assertThat(link).contains("/join/");

            candidate.driver().get(link.replace("127.0.0.1", "localhost"));
            candidate.waitFor(d -> d.getCurrentUrl().endsWith("/candidate"));
            assertThat(candidate.driver().getCurrentUrl()).doesNotContain("/join/");
            assertThat(candidate.find(By.id("lobby")).getText()).contains("The panel will start soon");
            assertThat(candidate.find(By.id("panel-names")).getText()).contains("Alice Archer").contains("Bob Brennan");
            candidate.screenshot("candidate-lobby");

            lead.find(By.id("open-session")).click();
            lead.find(By.cssSelector("[data-action=start]")).click();
            lead.waitFor(d -> d.findElement(By.id("session-status")).getText().equals("Live"));
            lead.audit();
            lead.screenshot("session-live");

            String firstQuestion = new WebDriverWait(candidate.driver(), Duration.ofSeconds(10))
                    .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                    .until(d -> d.findElement(By.id("question")).isDisplayed()
                            ? d.findElement(By.id("question-text")).getText()
                            : null);
            assertThat(firstQuestion).isNotBlank();
            assertThat(candidate.find(By.id("question-progress")).getText()).isEqualTo("Question 1 of 2");
            assertThat(candidate.driver().getPageSource()).doesNotContainIgnoringCase("rubric");
            candidate.screenshot("candidate-question");
            candidate.audit();
        }
    }
}
