package org.interviewpanel.questionbank;

import static org.assertj.core.api.Assertions.assertThat;

import org.interviewpanel.testsupport.Browser;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class QuestionPagesBrowserTest {

    @Test
    void searchTheBankAndOpenAQuestionsRubric() {
        try (Browser browser = Browser.onTestApp()) {
            browser.login("bob", "/questions");
            assertThat(browser.find(By.id("result-count")).getText()).matches("\\d+ questions");
            browser.screenshot("bank");

            WebElement search = browser.find(By.id("q"));
            search.sendKeys("ISR", Keys.ENTER);
            browser.waitFor(d -> d.findElement(By.id("result-count")).getText().contains("matching “ISR”"));
            WebElement first = browser.find(By.cssSelector(".qitem a.qtext"));
            assertThat(first.getText()).isEqualTo("How does Kafka handle ISR (In-Sync Replica)?");
            first.click();

            assertThat(browser.find(By.id("question-text")).getText())
                    .isEqualTo("How does Kafka handle ISR (In-Sync Replica)?");
            assertThat(browser.driver().findElements(By.cssSelector("#key-points li"))).hasSizeBetween(4, 8);
            assertThat(browser.find(By.id("follow-ups")).getText()).isNotBlank();
            assertThat(browser.find(By.id("versions")).getText()).contains("Version 1");
            browser.screenshot("question-detail");
        }
    }

    @Test
    void filtersAreKeyboardUsable() {
        try (Browser browser = Browser.onTestApp()) {
            browser.login("alice", "/questions");
            new Select(browser.find(By.id("category"))).selectByValue("kafka/transactions");
            browser.find(By.id("tag")).sendKeys(Keys.ENTER);
            browser.waitFor(d -> d.getCurrentUrl().contains("category=kafka%2Ftransactions")
                    || d.getCurrentUrl().contains("category=kafka/transactions"));
            assertThat(browser.find(By.id("result-count")).getText()).isEqualTo("4 questions");
        }
    }

    @Test
    void theFormShowsProblemsNextToTheirFieldsThenCreates() {
        try (Browser browser = Browser.onTestApp()) {
            browser.tolerate("status of 400"); // the form posts an invalid question on purpose
            browser.login("carol", "/questions/new");
            new Select(browser.find(By.id("f-category"))).selectByValue("kafka/real-world-scenarios");
            browser.find(By.id("f-tags")).sendKeys("Bad Tag");
            browser.find(By.id("save")).click();
            String textError = browser.waitFor(d -> d.findElement(By.id("err-text")).getText().isBlank() ? null
                    : d.findElement(By.id("err-text")).getText());
            assertThat(textError).isNotBlank();
            assertThat(browser.find(By.id("err-tags")).getText()).contains("hyphens");
            assertThat(browser.find(By.id("f-text")).getAttribute("aria-invalid")).isEqualTo("true");
            assertThat(browser.find(By.id("err-rubric.levels.1")).getText()).isNotBlank();
            // Every problem sits next to its field, so no summary box is needed.
            assertThat(browser.driver().findElement(By.id("form-error")).isDisplayed()).isFalse();
            browser.screenshot("question-form-errors");

            browser.find(By.id("f-text")).sendKeys("How would you replay a day of orders after a bad deploy?");
            WebElement tags = browser.find(By.id("f-tags"));
            tags.clear();
            tags.sendKeys("replay, incident");
            browser.find(By.id("f-keypoints")).sendKeys("Resets offsets by timestamp.\nMakes consumers idempotent.");
            browser.find(By.id("f-level1")).sendKeys("No plan.");
            browser.find(By.id("f-level3")).sendKeys("Offsets reset, duplicates ignored.");
            browser.find(By.id("f-level5")).sendKeys("Reset by timestamp, idempotent effects, verified counts.");
            browser.find(By.id("save")).click();

            assertThat(browser.find(By.id("question-text")).getText())
                    .isEqualTo("How would you replay a day of orders after a bad deploy?");
            assertThat(browser.driver().findElements(By.cssSelector("#key-points li"))).hasSize(2);
        }
    }
}
