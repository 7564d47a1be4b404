package org.interviewpanel.questionset;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.interviewpanel.testsupport.Tokens.token;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.interviewpanel.testsupport.Browser;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class QuestionSetPagesBrowserTest {

    static List<String> itemTexts(Browser browser) {
        return browser.driver().findElements(By.cssSelector("#set-items .item-text, #set-items a.qtext")).stream()
                .map(WebElement::getText).toList();
    }

    @Test
    void buildFiveFromASearchReorderSaveAndReload() {
        String name = "Consumer kit " + UUID.randomUUID().toString().substring(0, 6);
        try (Browser browser = Browser.onTestApp()) {
            browser.login("dave", "/question-sets/new");
            browser.waitFor(d -> "true".equals(d.findElement(By.id("set-form")).getAttribute("data-ready")));
            browser.find(By.id("s-name")).sendKeys(name);
            browser.find(By.id("bank-q")).sendKeys("consumer", Keys.ENTER);
            browser.waitFor(d -> d.findElement(By.id("bank-count")).getText().contains("found"));
            List<WebElement> add = browser.driver().findElements(By.cssSelector("#bank-results button"));
            assertThat(add.size()).isGreaterThanOrEqualTo(5);
            for (int i = 0; i < 5; i++) {
                browser.driver().findElements(By.cssSelector("#bank-results button")).get(i).click();
            }
            assertThat(browser.find(By.id("total-count")).getText()).isEqualTo("5");
            assertThat(browser.find(By.id("coverage")).getText()).isNotBlank();
            List<String> added = itemTexts(browser);

            // Keyboard: move the first question down one place.
            browser.driver().findElements(By.cssSelector("#set-items li")).get(0)
                    .findElement(By.cssSelector("[data-role=down]")).click();
            // Drag and drop: the last question onto the third place. WebDriver's mouse actions do not produce HTML5
            // drag events in Chromium, so the events a mouse drag makes are dispatched to the page's own handlers.
            List<WebElement> rows = browser.driver().findElements(By.cssSelector("#set-items li"));
            ((JavascriptExecutor) browser.driver()).executeScript(
                    "const [from, to] = arguments; const data = new DataTransfer();"
                            + "for (const [type, target] of [['dragstart', from], ['dragover', to], ['drop', to], ['dragend', from]]) {"
                            + "  target.dispatchEvent(new DragEvent(type, {bubbles: true, cancelable: true, dataTransfer: data}));"
                            + "}",
                    rows.get(4), rows.get(2));

            List<String> expected = List.of(added.get(1), added.get(0), added.get(4), added.get(2), added.get(3));
            assertThat(itemTexts(browser)).isEqualTo(expected);
            browser.screenshot("set-builder");

            browser.find(By.id("save-set")).click();
            browser.waitFor(d -> d.getCurrentUrl().matches(".*/question-sets/[0-9a-f-]{36}$"));
            assertThat(browser.find(By.id("set-name")).getText()).isEqualTo(name);
            browser.driver().navigate().refresh();
            assertThat(itemTexts(browser)).isEqualTo(expected);
            browser.screenshot("set-detail");
        }
    }

    @Test
    void savingAfterSomeoneElseSavedShowsAClearMessage() {
        String questionId = given().auth().oauth2(token("carol")).queryParam("category", "kafka/streams")
                .get("/api/questions").then().extract().path("items[0].id");
        String setId = given().auth().oauth2(token("carol")).contentType("application/json")
                .body(Map.of("name", "Streams " + UUID.randomUUID(), "items", List.of(Map.of("questionId", questionId))))
                .post("/api/question-sets").then().statusCode(201).extract().path("id");
        try (Browser browser = Browser.onTestApp()) {
            browser.tolerate("status of 409"); // the stale save is the point of the test
            browser.login("carol", "/question-sets/" + setId + "/edit");
            browser.waitFor(d -> "true".equals(d.findElement(By.id("set-form")).getAttribute("data-ready")));
            // Meanwhile, in another tab, the set is saved.
            given().auth().oauth2(token("carol")).contentType("application/json")
                    .body(Map.of("version", 1, "name", "Renamed elsewhere " + UUID.randomUUID(),
                            "items", List.of(Map.of("questionId", questionId, "minutes", 9))))
                    .put("/api/question-sets/" + setId).then().statusCode(200);
            browser.find(By.id("save-set")).click();
            WebElement error = browser.find(By.id("form-error"));
            assertThat(error.getText()).contains("Someone else saved this set first").contains("reload");
        }
    }
}
