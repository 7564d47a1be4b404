package org.interviewpanel.analytics;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.interviewpanel.testsupport.Scoring.decide;
import static org.interviewpanel.testsupport.Scoring.rate;
import static org.interviewpanel.testsupport.Scoring.submit;
import static org.interviewpanel.testsupport.Sessions.act;
import static org.interviewpanel.testsupport.Tokens.token;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.interviewpanel.testsupport.Browser;
import org.interviewpanel.testsupport.Sessions;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;

import io.quarkus.test.junit.QuarkusTest;

/** Each report page draws its chart and offers its CSV; the admin follows a rebuild to the end. */
@QuarkusTest
class ReportPagesBrowserTest {

    @Test
    void everyReportPageShowsItsChartAndItsCsv() {
        String position = "Reports page " + UUID.randomUUID().toString().substring(0, 8);
        String id = Sessions.schedule("alice", List.of("alice", "bob"), position, Sessions.questionSet("alice", 2)).id();
        act("alice", id, "start").statusCode(200);
        rate("alice", id, 1, Map.of("rating", 4)).statusCode(200);
        rate("alice", id, 2, Map.of("rating", 2)).statusCode(200);
        rate("bob", id, 1, Map.of("rating", 5)).statusCode(200);
        rate("bob", id, 2, Map.of("rating", 2)).statusCode(200);
        act("alice", id, "end").statusCode(200);
        submit("alice", id, "YES").statusCode(200);
        submit("bob", id, "STRONG_YES").statusCode(200);
        decide("hana", id, Map.of("decision", "HIRE", "rationale", "r")).statusCode(200);
        await().atMost(Duration.ofSeconds(60)).until(() -> given().auth().oauth2(token("hana"))
                .queryParam("position", position).get("/api/reports/pipeline").then().extract().jsonPath()
                .getInt("totals.decided") == 1);

        String query = "?position=" + URLEncoder.encode(position, StandardCharsets.UTF_8);
        try (Browser hana = Browser.onTestApp()) {
            hana.login("hana", "/reports/pipeline" + query);
            for (String name : List.of("pipeline", "interviewers", "reliability", "questions")) {
                hana.open("/reports/" + name + query);
                hana.waitFor(d -> "true".equals(d.findElement(By.id("report")).getAttribute("data-loaded")));
                assertThat(hana.find(By.id("chart")).getAttribute("data-rendered")).as(name).isEqualTo("true");
                assertThat(hana.driver().findElements(By.cssSelector("#chart canvas"))).as(name).isNotEmpty();
                assertThat(hana.driver().findElements(By.cssSelector("#report-table tbody tr"))).as(name).isNotEmpty();
                String href = hana.find(By.id("csv-download")).getAttribute("href");
                assertThat(href).contains("/reports/" + name + ".csv?position=");
                Object csv = ((JavascriptExecutor) hana.driver()).executeAsyncScript(
                        "const done = arguments[arguments.length - 1];"
                                + "fetch(arguments[0], { credentials: 'same-origin' }).then(r => r.text()).then(done);",
                        href);
                String[] lines = String.valueOf(csv).split("\r?\n");
                assertThat(lines.length).as(name + " CSV: a header and rows, got " + csv).isGreaterThanOrEqualTo(2);
                assertThat(lines[0]).as(name).doesNotContain("<html");
                // Tooltips render within the page's CSP (a violation would be a console error): hover the chart.
                WebElement chart = hana.find(By.id("chart"));
                new org.openqa.selenium.interactions.Actions(hana.driver())
                        .moveToElement(chart, -chart.getSize().width / 2 + 120, 0).perform();
                ((JavascriptExecutor) hana.driver()).executeScript(
                        "window.reportChart.dispatchAction({ type: 'showTip', seriesIndex: 0, dataIndex: 0 })");
                hana.screenshot("report-" + name);
                hana.audit();
            }
            // People and questions by their names, not usernames and keys.
            hana.open("/reports/interviewers" + query);
            hana.waitFor(d -> "true".equals(d.findElement(By.id("report")).getAttribute("data-loaded")));
            assertThat(hana.find(By.id("report-table")).getText()).contains("Alice Archer").contains("Bob Brennan")
                    .doesNotContain("alice\t");
            hana.open("/reports/questions" + query);
            hana.waitFor(d -> "true".equals(d.findElement(By.id("report")).getAttribute("data-loaded")));
            assertThat(hana.find(By.id("report-table")).getText()).contains("What is Apache Kafka?")
                    .doesNotContain("kafka/basics/");
            assertThat(hana.driver().getPageSource()).doesNotContain("Rebuild now");
            hana.open("/reports/pipeline?position=nobody-" + UUID.randomUUID());
            hana.waitFor(d -> "true".equals(d.findElement(By.id("report")).getAttribute("data-loaded")));
            assertThat(hana.find(By.id("report-empty")).getText()).contains("No data");
        }

        try (Browser root = Browser.onTestApp()) {
            root.login("root", "/reports/rebuild");
            root.find(By.id("rebuild-start")).click();
            root.waitFor(d -> "DONE".equals(d.findElement(By.id("rebuild-state")).getAttribute("data-state")));
            assertThat(root.find(By.id("rebuild-bar")).getAttribute("value")).isEqualTo("100");
            assertThat(root.find(By.id("rebuild-state")).getText()).contains("events");
            root.screenshot("report-rebuild");
        }
    }
}
