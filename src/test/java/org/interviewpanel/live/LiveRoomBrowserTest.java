package org.interviewpanel.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.interviewpanel.testsupport.Browser;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class LiveRoomBrowserTest {

    @Test
    void theCandidateSeesTheLeadsNextQuestionWithinASecond() {
        LiveSocketTest.Scheduled s = LiveSocketTest.schedule(3);
        try (Browser lead = Browser.onTestApp(); Browser candidate = Browser.onTestApp()) {
            candidate.open("/join/" + s.token());
            assertThat(candidate.find(By.id("lobby")).getText()).contains("The panel will start soon");

            lead.login("alice", "/sessions/" + s.id());
            lead.waitFor(d -> "true".equals(d.findElement(By.id("room")).getAttribute("data-live")));
            // The candidate's page is connected: the lead sees them in the room.
            lead.waitFor(d -> "in the room".equals(d.findElement(By.id("candidate-presence")).getText()));
            lead.find(By.cssSelector("[data-action=start]")).click();
            lead.waitFor(d -> "1".equals(d.findElement(By.id("room")).getAttribute("data-position")));
            assertThat(lead.find(By.id("now-keypoints")).findElements(By.tagName("li"))).isNotEmpty();
            candidate.waitFor(d -> d.findElement(By.id("question-progress")).getText().equals("Question 1 of 3"));

            long clicked = System.nanoTime();
            lead.find(By.cssSelector("[data-advance=next]")).click();
            new WebDriverWait(candidate.driver(), Duration.ofSeconds(1), Duration.ofMillis(20))
                    .ignoring(StaleElementReferenceException.class)
                    .until(d -> d.findElement(By.id("question-progress")).getText().equals("Question 2 of 3"));
            System.out.printf("LiveRoomBrowserTest: the candidate saw question 2 %d ms after the lead's click%n",
                    (System.nanoTime() - clicked) / 1_000_000);
            assertThat(candidate.driver().getPageSource()).doesNotContainIgnoringCase("rubric");
            lead.waitFor(d -> "2".equals(d.findElement(By.id("room")).getAttribute("data-position")));
            lead.screenshot("live-room-lead");
            candidate.screenshot("live-room-candidate");
            lead.audit();
            candidate.audit();
        }
    }
}
