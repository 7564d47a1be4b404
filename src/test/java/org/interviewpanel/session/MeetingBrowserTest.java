package org.interviewpanel.session;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.interviewpanel.testsupport.Tokens.token;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;

import org.interviewpanel.testsupport.Browser;
import org.interviewpanel.testsupport.Sessions;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chromium.ChromiumDriver;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Where and when, as people see it: the lead (in New York) and the candidate (on a phone, in New York too) see the
 * meeting link and the time in their own zone, with the session's zone (Tokyo) beside it; the lead moves the session
 * from the page.
 */
@QuarkusTest
class MeetingBrowserTest {

    static final String MEETING = "https://meet.example.com/browser-check";

    @Test
    void panelAndCandidateSeeTheMeetingLinkAndTheirLocalTimeAndTheLeadMovesTheSession() {
        // 14:00 UTC is 09:00 in New York and 23:00 in Tokyo (no daylight saving on that January day).
        int year = ZonedDateTime.now(ZoneId.of("UTC")).getYear() + 1;
        Instant when = Instant.parse(year + "-01-15T14:00:00Z");
        var created = given().auth().oauth2(token("alice")).contentType("application/json")
                .body(Map.of("position", "Meeting check", "candidate", Map.of("name", "Mae Meeting", "email",
                        "mae.meeting@example.test"), "questionSetId", Sessions.questionSet("alice", 1),
                        "panel", List.of("alice", "bob"), "lead", "alice", "scheduledAt", when.toString(),
                        "meetingUrl", MEETING, "durationMinutes", 45, "timeZone", "Asia/Tokyo"))
                .post("/api/sessions").then().statusCode(201).extract().jsonPath();
        String id = created.getString("id");
        String link = created.getString("candidateLink");

        try (Browser lead = Browser.onTestApp(); Browser candidate = Browser.onTestApp(Browser.Size.PHONE)) {
            inNewYork(lead);
            lead.login("alice", "/sessions/" + id);
            String shown = lead.waitFor(d -> {
                String text = d.findElement(By.id("details-scheduled")).getText();
                return text.contains("9:00") ? text : null;
            });
            assertThat(shown).contains(String.valueOf(year)).contains("11:00").contains("Asia/Tokyo");
            assertThat(lead.find(By.id("meeting-link")).getAttribute("href")).isEqualTo(MEETING);
            assertThat(lead.find(By.id("details-meeting")).getText()).isEqualTo(MEETING);
            assertThat(lead.find(By.id("calendar-link")).getAttribute("href")).endsWith("/api/sessions/" + id
                    + "/calendar.ics");
            lead.audit();
            lead.screenshot("session-meeting");

            // The lead moves it by half an hour and shortens it, from the page.
            lead.find(By.cssSelector("#session-admin summary")).click();
            lead.find(By.id("r-duration")).clear();
            lead.find(By.id("r-duration")).sendKeys("30");
            lead.find(By.id("reschedule")).click();
            lead.waitFor(d -> d.findElement(By.id("details-heading")) != null
                    && d.findElements(By.xpath("//*[contains(text(),'30 min · invitations in Asia/Tokyo')]")).size() == 1);
            Sessions.get("alice", id).body("calendarSequence", org.hamcrest.Matchers.equalTo(1))
                    .body("durationMinutes", org.hamcrest.Matchers.equalTo(30));
            lead.audit();

            inNewYork(candidate);
            candidate.driver().get(link.replace("127.0.0.1", "localhost"));
            candidate.waitFor(d -> d.getCurrentUrl().endsWith("/candidate"));
            String candidateSees = candidate.waitFor(d -> {
                String text = d.findElement(By.id("candidate-when")).getText();
                return text.contains("9:00") ? text : null;
            });
            assertThat(candidateSees).contains("11:00").contains("Asia/Tokyo").contains("30 minutes");
            assertThat(candidate.find(By.id("candidate-meeting")).getAttribute("href")).isEqualTo(MEETING);
            assertThat(candidate.find(By.id("candidate-calendar")).getAttribute("href"))
                    .endsWith("/api/candidate/calendar.ics");
            candidate.audit();
            candidate.screenshot("candidate-lobby-meeting");
        }
    }

    /** The browser's clock zone, as a person in New York would have it (Chrome DevTools' timezone override). */
    private static void inNewYork(Browser browser) {
        ((ChromiumDriver) browser.driver()).executeCdpCommand("Emulation.setTimezoneOverride",
                Map.of("timezoneId", "America/New_York"));
    }
}
