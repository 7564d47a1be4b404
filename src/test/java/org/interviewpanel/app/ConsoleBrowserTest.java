package org.interviewpanel.app;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.interviewpanel.testsupport.Tokens.token;

import java.util.List;
import java.util.Map;

import org.interviewpanel.testsupport.Browser;
import org.interviewpanel.testsupport.Browser.Size;
import org.interviewpanel.testsupport.Fixtures;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.interactions.Actions;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The console as people use it, in a real browser at a laptop's and a phone's size: the room keeps the question,
 * the rating and the lead's controls in the first screen; scoring works from the keyboard; moving on cannot skip a
 * question; what cannot be undone asks first; errors are pages; the header fits; home says what to do. Every page
 * visited is audited (no console error, no CSP violation, no serious axe finding).
 */
@QuarkusTest
class ConsoleBrowserTest {

    static final By NEXT = By.cssSelector("[data-advance=next]");
    static final By NOW_RATING = By.cssSelector("#now-rating fieldset.rating");

    static boolean live(WebDriver d) {
        return "true".equals(d.findElement(By.id("room")).getAttribute("data-live"));
    }

    @Test
    void theRoomPutsTheQuestionTheRatingAndTheControlsInTheFirstScreen() {
        Fixtures.Session s = Fixtures.session("live");
        for (Size size : Size.values()) {
            try (Browser lead = Browser.onTestApp(size); Browser bob = Browser.onTestApp(size)) {
                lead.login("alice", "/sessions/" + s.id());
                lead.waitFor(ConsoleBrowserTest::live);
                lead.find(By.id("now-text"));
                assertThat(lead.inFirstScreen(By.id("now-heading"))).as("question, lead, %s", size).isTrue();
                assertThat(lead.inFirstScreen(NEXT)).as("Next, %s", size).isTrue();
                assertThat(lead.inFirstScreen(NOW_RATING)).as("the lead's own rating, %s", size).isTrue();
                lead.screenshot("after-room-lead-" + size.name().toLowerCase());
                lead.audit();

                bob.login("bob", "/sessions/" + s.id());
                bob.waitFor(ConsoleBrowserTest::live);
                bob.waitFor(d -> "ready".equals(d.findElement(By.id("room")).getAttribute("data-scoring")));
                assertThat(bob.inFirstScreen(By.id("now-heading"))).as("question, panelist, %s", size).isTrue();
                assertThat(bob.inFirstScreen(NOW_RATING)).as("rating, panelist, %s", size).isTrue();
                if (size == Size.DESKTOP) {
                    // The rubric sits beside the question on a laptop; it is folded on a phone.
                    assertThat(bob.inFirstScreen(By.id("now-keypoints"))).isTrue();
                } else {
                    assertThat(bob.driver().findElement(By.id("now-guide")).getAttribute("open")).isNull();
                }
                bob.screenshot("after-room-panelist-" + size.name().toLowerCase());
                bob.audit();
            }
        }
    }

    @Test
    void aPanelistRatesByKeyboardAndKeepsTheFocus() {
        Fixtures.Session s = Fixtures.session("live");
        try (Browser bob = Browser.onTestApp()) {
            bob.login("bob", "/sessions/" + s.id());
            bob.waitFor(d -> "ready".equals(d.findElement(By.id("room")).getAttribute("data-scoring")));
            bob.waitFor(ConsoleBrowserTest::live);
            bob.find(NOW_RATING);
            // Number keys rate the question being asked.
            new Actions(bob.driver()).sendKeys("3").perform();
            bob.waitFor(d -> "Saved".equals(d.findElement(By.cssSelector("#now-rating .save-state")).getText()));
            assertThat(bob.find(By.cssSelector("#now-rating .rate-hint")).getText()).startsWith("Rubric for 3 (adequate)");
            // The focus is on the chosen option, and stays there: arrow keys move the choice like any radio group.
            assertThat(focused(bob)).isEqualTo("3");
            new Actions(bob.driver()).sendKeys(Keys.ARROW_RIGHT).perform();
            bob.waitFor(d -> "4".equals(focused(bob)) ? true : null);
            bob.waitFor(d -> "Saved".equals(d.findElement(By.cssSelector("#now-rating .save-state")).getText())
                    && d.findElement(By.cssSelector("#now-rating input[value='4']")).isSelected());
            // The list keeps the same rating (shown there once the lead moves on); every option has a word.
            assertThat(bob.driver().findElement(By.cssSelector("#session-items li[data-position='1'] input[value='4']"))
                    .isSelected()).isTrue();
            assertThat(bob.find(By.cssSelector("#session-items li[data-position='1'] .being-asked")).getText())
                    .contains("rate it above");
            assertThat(bob.find(By.cssSelector("#now-rating label.rating-option:first-child")).getText())
                    .contains("1").contains("weak");
            // Not asked yet: question 2 has nothing to rate.
            assertThat(bob.driver().findElements(By.cssSelector("#session-items li[data-position='2'] fieldset.rating")))
                    .isEmpty();
            assertThat(bob.find(By.cssSelector("#session-items li[data-position='2'] .not-asked")).getText())
                    .contains("Not asked yet");
            // Typing a note: digits are text there, not ratings.
            bob.find(By.cssSelector("#now-rating textarea")).sendKeys("Scaled to 5 brokers");
            bob.waitFor(d -> "Saved".equals(d.findElement(By.cssSelector("#now-rating .save-state")).getText()));
            assertThat(bob.driver().findElement(By.cssSelector("#now-rating input[value='4']")).isSelected()).isTrue();
            Map<?, ?> scorecard = given().auth().oauth2(token("bob")).get("/api/sessions/" + s.id() + "/scorecard")
                    .then().statusCode(200).extract().path("ratings[0]");
            assertThat(scorecard.get("rating")).isEqualTo(4);
            assertThat(scorecard.get("note")).isEqualTo("Scaled to 5 brokers");
            bob.audit();
        }
    }

    static String focused(Browser b) {
        return (String) ((JavascriptExecutor) b.driver()).executeScript(
                "return document.activeElement && document.activeElement.value");
    }

    @Test
    void nextWaitsForTheQuestionSoADoubleClickSkipsNothingAndCancelAsksFirst() {
        Fixtures.Session s = Fixtures.session("live");
        try (Browser lead = Browser.onTestApp()) {
            lead.login("alice", "/sessions/" + s.id());
            lead.waitFor(ConsoleBrowserTest::live);
            lead.waitFor(d -> "1".equals(d.findElement(By.id("room")).getAttribute("data-position")));
            // Two clicks in a row: the second lands on a button that waits for the first.
            Object busy = ((JavascriptExecutor) lead.driver()).executeScript("const b = document.querySelector("
                    + "'[data-advance=next]'); b.click(); const busy = [b.disabled, document.getElementById("
                    + "'advance-state').textContent]; b.click(); return busy;");
            assertThat(busy.toString()).isEqualTo("[true, Moving to question 2…]");
            lead.waitFor(d -> "2".equals(d.findElement(By.id("room")).getAttribute("data-position")));
            lead.waitFor(d -> d.findElement(NEXT).isEnabled());
            given().auth().oauth2(token("alice")).get("/api/sessions/" + s.id()).then()
                    .body("currentItem.position", org.hamcrest.Matchers.equalTo(2));

            lead.find(By.cssSelector("#session-admin summary")).click();
            lead.find(By.cssSelector("#session-admin [data-action=cancel]")).click();
            assertThat(lead.find(By.id("confirm-title")).getText()).isEqualTo("Cancel this session?");
            lead.audit();
            lead.find(By.id("confirm-no")).click();
            given().auth().oauth2(token("alice")).get("/api/sessions/" + s.id()).then()
                    .body("status", org.hamcrest.Matchers.equalTo("LIVE"));
        }
    }

    @Test
    void consolePagesAnswerErrorsWithPagesAndTheApiWithProblems() {
        try (Browser alice = Browser.onTestApp(); Browser hana = Browser.onTestApp(Size.PHONE)) {
            alice.tolerate("the server responded with a status of 404").tolerate("status of 403");
            alice.login("alice", "/sessions/00000000-0000-0000-0000-000000000000");
            assertThat(alice.find(By.id("error-title")).getText()).isEqualTo("There is nothing here");
            assertThat(alice.find(By.cssSelector(".error-status")).getText()).isEqualTo("Error 404");
            assertThat(alice.driver().getPageSource()).doesNotContain("problem+json").doesNotContain("\"type\"");
            alice.find(By.linkText("Go to your home page"));
            alice.screenshot("after-error-404");
            alice.audit();
            alice.open("/reports/pipeline");
            assertThat(alice.find(By.id("error-title")).getText()).isEqualTo("This page is not open to you");
            alice.audit();
            alice.open("/no/such/page");
            assertThat(alice.find(By.id("error-title")).getText()).isEqualTo("There is nothing here");
            alice.audit();

            hana.tolerate("status of 403");
            hana.login("hana", "/question-sets/new");
            assertThat(hana.find(By.id("error-title")).getText()).isEqualTo("This page is not open to you");
            hana.audit();
        }
        // The same paths, asked for as an API client would, stay problem+json; the API always is.
        given().accept("application/json").get("/api/sessions/00000000-0000-0000-0000-000000000000").then()
                .statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(token("alice")).get("/api/sessions/00000000-0000-0000-0000-000000000000")
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void theHeaderFitsOnALaptopAndFoldsOnAPhone() {
        try (Browser root = Browser.onTestApp(); Browser phone = Browser.onTestApp(Size.PHONE)) {
            root.login("root", "/");
            var nav = root.find(By.cssSelector(".topbar-inner"));
            assertThat(nav.getSize().height).as("one row at 1366 px").isLessThan(70);
            assertThat(root.driver().findElements(By.cssSelector(".nav a[href='/events']"))).isEmpty();
            root.audit();

            phone.login("hana", "/");
            assertThat(phone.find(By.cssSelector(".topbar")).getSize().height).as("folded on a phone").isLessThan(70);
            assertThat(phone.driver().findElement(By.id("site-menu")).isDisplayed()).isFalse();
            phone.find(By.id("menu-toggle")).click();
            assertThat(phone.find(By.cssSelector(".nav a[href='/reports']")).isDisplayed()).isTrue();
            phone.audit();
        }
    }

    @Test
    void homeSaysWhatWaitsAndListsPageAndSearch() {
        Fixtures.Session ended = Fixtures.session("ended");
        try (Browser bob = Browser.onTestApp(); Browser hana = Browser.onTestApp()) {
            bob.login("bob", "/");
            assertThat(bob.find(By.id("my-scorecards")).getText()).contains("Fixture Candidate");
            bob.audit();
            hana.login("hana", "/");
            assertThat(hana.find(By.id("my-decisions")).getText()).contains("scorecards in");
            hana.screenshot("after-home-manager");
            hana.audit();

            hana.open("/sessions?status=all");
            assertThat(hana.find(By.id("session-count")).getText()).matches("\\d+ sessions( · page 1 of \\d+)?");
            assertThat(hana.driver().findElements(By.cssSelector("#sessions-table tbody tr"))).hasSizeLessThanOrEqualTo(25);
            hana.find(By.id("s-q")).sendKeys("no candidate is called this", Keys.ENTER);
            assertThat(hana.find(By.id("no-sessions")).getText()).contains("No session matches");
            hana.audit();
        }
        List<Map<String, Object>> due = given().auth().oauth2(token("ivo")).get("/api/me/todo").then().statusCode(200)
                .extract().path("scorecardsDue");
        assertThat(due).anySatisfy(d -> assertThat(d.get("sessionId")).isEqualTo(ended.id()));
    }

    @Test
    void everyPageIsCleanAtBothSizes() {
        Fixtures.Session s = Fixtures.session("submitted");
        String set = Fixtures.set(2);
        List<String> pages = List.of("/", "/sessions", "/sessions/new", "/sessions/" + s.id(),
                "/sessions/" + s.id() + "/debrief", "/questions", "/questions/" + Fixtures.bankQuestion(),
                "/questions/new", "/question-sets", "/question-sets/" + set, "/question-sets/" + set + "/edit",
                "/question-sets/new", "/reports/pipeline", "/reports/interviewers", "/reports/reliability",
                "/reports/questions", "/reports/rebuild", "/events", "/admin/privacy");
        try (Browser root = Browser.onTestApp()) {
            root.login("root", "/");
            for (Size size : Size.values()) {
                root.resize(size);
                for (String page : pages) {
                    root.open(page);
                    root.waitFor(d -> "complete".equals(((JavascriptExecutor) d).executeScript(
                            "return document.readyState")));
                    if (page.startsWith("/reports/") && !page.endsWith("rebuild")) {
                        root.waitFor(d -> "true".equals(d.findElement(By.id("report")).getAttribute("data-loaded")));
                    }
                    root.audit();
                }
            }
        }
        try (Browser candidate = Browser.onTestApp(Size.PHONE)) {
            candidate.open("/join/" + Fixtures.session("live").token());
            candidate.find(By.id("question-text"));
            candidate.audit();
        }
    }
}
