package org.interviewpanel.analytics;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.interviewpanel.testsupport.Scoring.rate;
import static org.interviewpanel.testsupport.Scoring.submit;
import static org.interviewpanel.testsupport.Sessions.act;
import static org.interviewpanel.testsupport.Tokens.token;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.interviewpanel.testsupport.Sessions;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Independent scoring holds in the reports too: ivo (interviewer and hiring manager) sits on a panel and has not
 * submitted, so no report shows him a number from that session — not through a filter that names it (403), not in the
 * totals (withheld, and said so), not as CSV — until he has submitted.
 */
@QuarkusTest
class ReportIndependenceTest {

    static final List<String> REPORTS = List.of("pipeline", "interviewers", "reliability", "questions");

    static JsonPath report(String user, String name, String param, String value) {
        return given().auth().oauth2(token(user)).accept("application/json").queryParam(param, value)
                .get("/api/reports/" + name).then().statusCode(200).extract().jsonPath();
    }

    @Test
    void aPanelistWithAManagerRoleSeesNoNumberOfASessionBeforeSubmitting() {
        String position = "Independence probe " + UUID.randomUUID();
        String id = Sessions.schedule("alice", List.of("alice", "bob", "ivo"), position, Sessions.questionSet("alice", 2))
                .id();
        act("alice", id, "start").statusCode(200);
        for (String user : List.of("alice", "bob", "ivo")) {
            rate(user, id, 1, Map.of("rating", user.equals("bob") ? 5 : 2)).statusCode(200);
        }
        act("alice", id, "end").statusCode(200);
        submit("bob", id, "STRONG_YES").statusCode(200);
        submit("alice", id, "NO").statusCode(200);
        // The analytics consumer has the submissions (a hiring manager off the panel sees them).
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                report("hana", "interviewers", "position", position).getList("rows.interviewer"))
                .contains("alice", "bob"));

        for (String name : REPORTS) {
            // A filter that names the session: refused, in JSON and CSV.
            given().auth().oauth2(token("ivo")).accept("application/json").queryParam("session", id)
                    .get("/api/reports/" + name).then().statusCode(403).contentType("application/problem+json");
            given().auth().oauth2(token("ivo")).accept("text/csv").queryParam("session", id)
                    .get("/api/reports/" + name).then().statusCode(403);
            // Any other scope: the session is left out, and the answer says so.
            assertThat(report("ivo", name, "position", position).getInt("withheldSessions")).as(name).isOne();
            assertThat(report("hana", name, "position", position).getInt("withheldSessions")).as(name).isZero();
        }
        assertThat(report("ivo", "pipeline", "position", position).getInt("totals.scheduled")).isZero();
        assertThat(report("ivo", "interviewers", "position", position).getList("rows")).isEmpty();
        assertThat(report("ivo", "reliability", "position", position).getInt("pairableValues")).isZero();
        assertThat(report("ivo", "questions", "position", position).getList("rows")).isEmpty();
        String csv = given().auth().oauth2(token("ivo")).accept("text/csv").queryParam("position", position)
                .get("/api/reports/interviewers").then().statusCode(200).extract().asString();
        assertThat(csv.split("\r\n")).hasSize(1); // the header only
        // The console's download link follows the same rule.
        given().cookies(org.interviewpanel.testsupport.ConsoleLogin.cookies("ivo")).queryParam("session", id)
                .get("/reports/interviewers.csv").then().statusCode(403);

        // Once ivo has submitted, the session's numbers are his to read.
        submit("ivo", id, "NO").statusCode(200);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                report("ivo", "interviewers", "session", id).getList("rows.interviewer"))
                .containsExactly("alice", "bob", "ivo"));
        assertThat(report("ivo", "pipeline", "position", position).getInt("withheldSessions")).isZero();
    }
}
