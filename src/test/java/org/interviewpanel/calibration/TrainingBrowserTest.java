package org.interviewpanel.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.interviewpanel.testsupport.Scoring.rate;
import static org.interviewpanel.testsupport.Scoring.submit;
import static org.interviewpanel.testsupport.Sessions.act;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.interviewpanel.testsupport.Browser;
import org.interviewpanel.testsupport.Sessions;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Training in the console, in Chromium: an interviewer takes an exercise on a phone and reads the experts' feedback;
 * a lead schedules a session with a trainee in a shadow seat (warned that nobody on the panel is qualified yet); the
 * trainee rates and submits in the room, then reads the debrief with their ratings set apart; the hiring manager reads
 * the qualification and drift reports.
 */
@QuarkusTest
class TrainingBrowserTest {

    @Test
    void anInterviewerTakesAnExerciseAndSeesTheExpertsOnlyAfterwards() {
        try (Browser carol = Browser.onTestApp(Browser.Size.PHONE)) {
            carol.login("carol", "/calibration");
            carol.waitFor(d -> !d.findElement(By.id("mine-state")).getText().startsWith("Loading"));
            carol.audit();
            carol.find(By.cssSelector("a[data-question^='kafka/replication/']")).click();
            List<WebElement> answers = carol.waitFor(d -> {
                List<WebElement> found = d.findElements(By.cssSelector("fieldset[data-answer]"));
                return found.size() >= 3 ? found : null;
            });
            assertThat(carol.driver().getPageSource()).doesNotContain("experts:");
            // Submitting with an answer unrated says which one, and sends nothing.
            carol.find(By.id("submit-attempt")).click();
            assertThat(carol.find(By.id("attempt-error")).getText()).contains("answer 1");
            for (int i = 0; i < answers.size(); i++) {
                answers.get(i).findElement(By.xpath(".//input[@value='" + (1 + i % 5) + "']/..")).click();
            }
            carol.audit();
            carol.find(By.id("submit-attempt")).click();
            carol.waitFor(d -> d.findElement(By.id("result")).isDisplayed());
            assertThat(carol.find(By.id("result-summary")).getText()).contains("Interval alpha").contains("deviation");
            for (WebElement feedback : carol.driver().findElements(By.cssSelector("[data-feedback]"))) {
                assertThat(feedback.isDisplayed()).isTrue();
                assertThat(feedback.getText()).startsWith("You: ").contains("experts: ");
            }
            carol.audit();
            carol.screenshot("training-exercise-feedback");
        }
    }

    @Test
    void aTraineeShadowsASessionEndToEnd() {
        String position = "Shadowed engineer " + UUID.randomUUID().toString().substring(0, 6);
        String setId = Sessions.questionSet("alice", 2);
        String id;
        try (Browser alice = Browser.onTestApp()) {
            alice.login("alice", "/sessions/new");
            alice.find(By.id("f-position")).sendKeys(position);
            alice.find(By.id("f-cname")).sendKeys("Shay Shadowed");
            alice.find(By.id("f-cemail")).sendKeys("shay@example.test");
            new Select(alice.find(By.id("f-set"))).selectByValue(setId);
            alice.find(By.id("panel-bob")).click();
            alice.find(By.id("shadow-dave")).click();
            // Nobody qualified yet for the set's category: a warning, not a refusal.
            alice.waitFor(d -> d.findElement(By.id("qualification-warning")).isDisplayed());
            assertThat(alice.find(By.id("qualification-warning")).getText()).contains("kafka/basics");
            alice.audit();
            alice.screenshot("schedule-with-shadow");
            alice.find(By.id("schedule")).click();
            id = alice.waitFor(d -> {
                String href = d.findElement(By.id("open-session")).getAttribute("href");
                return href == null || !href.matches(".*/sessions/[0-9a-f-]{36}") ? null
                        : href.substring(href.lastIndexOf('/') + 1);
            });
            alice.open("/sessions/" + id);
            assertThat(alice.find(By.cssSelector("#panel li[data-user='dave']")).getText()).contains("shadow");
            alice.audit();
        }
        act("alice", id, "start").statusCode(200);
        rate("alice", id, 1, Map.of("rating", 4)).statusCode(200);
        rate("bob", id, 1, Map.of("rating", 4)).statusCode(200);

        try (Browser dave = Browser.onTestApp(Browser.Size.PHONE)) {
            String room = "/sessions/" + id;
            dave.login("dave", room);
            dave.waitFor(d -> "ready".equals(d.findElement(By.id("room")).getAttribute("data-scoring")));
            assertThat(dave.find(By.id("shadow-seat")).getText()).contains("shadow");
            dave.find(By.xpath("//div[@id='now-rating']//input[@value='2']/..")).click();
            dave.waitFor(d -> "Saved".equals(d.findElement(By.cssSelector("#now-rating [data-save-state]")).getText()));
            dave.audit();
            act("alice", id, "end").statusCode(200);
            submit("alice", id, "YES").statusCode(200);
            submit("bob", id, "YES").statusCode(200);
            dave.open(room);
            dave.waitFor(d -> d.findElement(By.id("scorecard-form")).isDisplayed());
            dave.find(By.cssSelector("input[name=recommendation][value=NO]")).click();
            dave.find(By.id("scorecard-summary")).sendKeys("Shadow's view: shaky on replication.");
            dave.find(By.id("scorecard-submit")).click();
            dave.find(By.id("open-debrief")).click();
            String item = dave.find(By.cssSelector("#debrief-items tr[data-position='1']")).getText();
            assertThat(item).contains("Shadows (not counted)").contains("4.0");
            assertThat(dave.find(By.cssSelector("#debrief-items tr[data-position='1'] [data-seat='SHADOW']")).getText())
                    .contains("2");
            dave.audit();
            dave.screenshot("shadow-debrief");
        }

        try (Browser hana = Browser.onTestApp()) {
            hana.login("hana", "/reports/qualification");
            hana.waitFor(d -> "true".equals(d.findElement(By.id("report")).getAttribute("data-loaded")));
            assertThat(hana.find(By.id("qualification-rule")).getText()).contains("comparisons");
            hana.audit();
            hana.open("/reports/drift");
            hana.waitFor(d -> "true".equals(d.findElement(By.id("report")).getAttribute("data-loaded")));
            hana.audit();
        }
    }
}
