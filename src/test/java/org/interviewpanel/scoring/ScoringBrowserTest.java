package org.interviewpanel.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.interviewpanel.testsupport.Sessions.act;

import java.util.List;

import org.interviewpanel.testsupport.Browser;
import org.interviewpanel.testsupport.Sessions;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

import io.quarkus.test.junit.QuarkusTest;

/** Two panelists rate and submit in real browsers; the debrief opens only after submitting; a manager decides. */
@QuarkusTest
class ScoringBrowserTest {

    static final String ITEM1 = "#session-items li[data-position='1'] ";
    /** The question being asked is rated in the "now" card, right under it. */
    static final String NOW = "#now-rating ";

    /** The label of a rating option in the "now" card (the radio itself is under it, invisible). */
    static By option(int value) {
        return By.xpath("//div[@id='now-rating']//input[@value='" + value + "']/..");
    }

    static void rate(Browser b, int value, String note) {
        b.find(option(value)).click();
        b.waitFor(d -> "Saved".equals(saveState(d)));
        WebElement field = b.find(By.cssSelector(NOW + "textarea[data-note]"));
        field.sendKeys(note);
        b.waitFor(d -> "Saving…".equals(saveState(d)) || "Editing…".equals(saveState(d)) ? null
                : "Saved".equals(saveState(d)) ? true : null);
    }

    static String saveState(WebDriver d) {
        return d.findElement(By.cssSelector(NOW + "[data-save-state]")).getText();
    }

    static void submitScorecard(Browser b, String recommendation, String summary) {
        b.waitFor(d -> d.findElement(By.id("scorecard-form")).isDisplayed());
        b.find(By.cssSelector("input[name=recommendation][value=" + recommendation + "]")).click();
        b.find(By.id("scorecard-summary")).sendKeys(summary);
        b.find(By.id("scorecard-submit")).click();
        b.find(By.id("open-debrief"));
    }

    @Test
    void twoPanelistsRateSubmitAndTheManagerDecides() {
        Sessions.Scheduled s = Sessions.schedule("alice", List.of("alice", "bob"), 2);
        act("alice", s.id(), "start").statusCode(200);
        String room = "/sessions/" + s.id();
        try (Browser alice = Browser.onTestApp();
                Browser bob = Browser.onTestApp();
                Browser candidate = Browser.onTestApp()) {
            alice.tolerate("status of 403"); // the debrief's "not yet" page
            alice.login("alice", room);
            bob.login("bob", room);
            for (Browser b : List.of(alice, bob)) {
                b.waitFor(d -> "ready".equals(d.findElement(By.id("room")).getAttribute("data-scoring")));
                b.waitFor(d -> "true".equals(d.findElement(By.id("room")).getAttribute("data-live")));
            }
            rate(alice, 4, "alice-browser-note");
            // The rubric's words for the level chosen are shown, without hovering.
            assertThat(alice.find(By.cssSelector(NOW + ".rate-hint")).getText()).startsWith("Rubric for 3 (adequate): ")
                    .contains("a notch above");
            rate(bob, 2, "bob-browser-note");
            // Alice's room shows the count, never bob's value or note.
            alice.waitFor(d -> d.findElement(By.cssSelector("[data-progress='1']")).getText().equals("2 of 2 rated"));
            assertThat(alice.driver().getPageSource()).doesNotContain("bob-browser-note");
            alice.screenshot("scoring-room");
            alice.audit();

            // The debrief is closed to alice until she submits.
            alice.open(room + "/debrief");
            assertThat(alice.find(By.id("debrief-closed")).getText()).contains("once you have submitted");
            assertThat(alice.driver().getPageSource()).doesNotContain("bob-browser-note");

            // The candidate's page has no scoring at all.
            candidate.open("/join/" + s.token());
            candidate.find(By.id("question-progress"));
            assertThat(candidate.driver().getPageSource()).doesNotContain("rating-option").doesNotContain("browser-note");

            alice.open(room);
            alice.waitFor(d -> "true".equals(d.findElement(By.id("room")).getAttribute("data-live")));
            act("alice", s.id(), "end").statusCode(200);
            // Both rooms reload on the status change and offer the scorecard.
            submitScorecard(alice, "YES", "Solid on the basics.");
            assertThat(alice.find(By.id("scorecard-state")).getText()).contains("Submitted");
            assertThat(alice.driver().findElement(By.cssSelector(ITEM1 + "input[value='4']")).isEnabled()).isFalse();
            assertThat(alice.driver().findElement(By.cssSelector(ITEM1 + "input[value='4']")).isSelected()).isTrue();
            alice.find(By.id("open-debrief")).click();
            alice.find(By.id("debrief-items"));
            assertThat(alice.driver().getPageSource()).contains("alice-browser-note").doesNotContain("bob-browser-note");

            submitScorecard(bob, "NO", "Shaky on delivery guarantees.");
            alice.open(room + "/debrief");
            assertThat(alice.find(By.cssSelector("#debrief-items tr[data-position='1']")).getText())
                    .contains("bob-browser-note").contains("alice-browser-note").contains("ratings differ by 2+");
            assertThat(alice.driver().findElements(By.id("decision-form"))).isEmpty();

            try (Browser hana = Browser.onTestApp()) {
                hana.login("hana", room + "/debrief");
                hana.find(By.cssSelector("input[name=decision][value=HIRE]")).click();
                hana.find(By.id("decision-rationale")).sendKeys("Panel leaned yes; strong fundamentals.");
                hana.find(By.id("decision-submit")).click();
                // The decision is final: the console asks first.
                assertThat(hana.find(By.id("confirm-title")).getText()).isEqualTo("Record \"Hire\"?");
                hana.find(By.id("confirm-yes")).click();
                assertThat(hana.find(By.id("decision")).getText()).contains("Hire").contains("Hana Haddad");
                assertThat(hana.find(By.id("debrief-status")).getText()).isEqualTo("Decided");
                hana.audit();
                hana.screenshot("scoring-debrief-decided");
            }
            alice.screenshot("scoring-debrief-panelist");
        }
    }
}
