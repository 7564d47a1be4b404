package org.interviewpanel.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.interviewpanel.testsupport.Tokens.token;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;
import org.interviewpanel.testsupport.ConsoleLogin;
import org.interviewpanel.testsupport.Fixtures;
import org.interviewpanel.testsupport.LiveClient;
import org.interviewpanel.testsupport.Management;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * Independent scoring, crawled: in a session where alice and bob have submitted and carol and ivo (who is also a hiring
 * manager) have not, carol and ivo fetch everything they can reach — every GET of the API (JSON and CSV), every page,
 * the room's WebSocket frames while the session moves on — and none of it holds a colleague's rating, note, summary or
 * recommendation.
 */
@QuarkusTest
class IndependenceCrawlerTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> PANEL = List.of("alice", "bob", "carol", "ivo");
    static final List<String> OBSERVERS = List.of("carol", "ivo");

    @Test
    void aPanelistWhoHasNotSubmittedSeesNoColleaguesScoresAnywhere() throws Exception {
        String marker = UUID.randomUUID().toString().substring(0, 8);
        String position = "Crawl " + marker;
        String id = schedule(position);
        given().auth().oauth2(token("alice")).contentType("application/json").body("{}")
                .post("/api/sessions/" + id + "/start").then().statusCode(200);
        for (String user : PANEL) {
            given().auth().oauth2(token(user)).contentType("application/json")
                    .body(Map.of("rating", user.equals("bob") ? 5 : 1, "note", "NOTE-" + marker + "-" + user))
                    .put("/api/sessions/" + id + "/ratings/1").then().statusCode(200);
        }
        given().auth().oauth2(token("alice")).contentType("application/json").body("{}")
                .post("/api/sessions/" + id + "/end").then().statusCode(200);
        Fixtures.submit("alice", id, "STRONG_NO", "SUMMARY-" + marker + "-alice");
        Fixtures.submit("bob", id, "STRONG_YES", "SUMMARY-" + marker + "-bob");
        // The reports have the submissions (so a leak there would show).
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(given().auth().oauth2(token("hana"))
                .queryParam("session", id).get("/api/reports/interviewers").then().statusCode(200).extract().jsonPath()
                .getList("rows.interviewer")).contains("alice", "bob"));

        List<String> leaks = new ArrayList<>();
        int fetched = 0;
        for (String observer : OBSERVERS) {
            for (String url : apiUrls(id)) {
                for (String accept : List.of("application/json", "text/csv")) {
                    Response r = given().auth().oauth2(token(observer)).accept(accept).urlEncodingEnabled(false)
                            .redirects().follow(false).get(url);
                    fetched++;
                    leaks.addAll(leaks(observer, "GET " + url + " (" + accept + ")", r.asString(), marker));
                }
            }
            for (String page : pages(id)) {
                Response r = given().cookies(ConsoleLogin.cookies(observer)).redirects().follow(false).get(page);
                fetched++;
                leaks.addAll(leaks(observer, "page " + page, r.asString(), marker));
            }
            leaks.addAll(frames(observer, id, marker));
        }
        System.out.printf("Independence crawler: %d responses for %s, plus the room's frames; %d leaks%n", fetched,
                OBSERVERS, leaks.size());
        assertThat(leaks).isEmpty();
    }

    private static String schedule(String position) {
        return given().auth().oauth2(token("alice")).contentType("application/json")
                .body(Map.of("position", position, "candidate", Map.of("name", "Crawl Candidate", "email",
                        "crawl@example.test"), "questionSetId", Fixtures.set(2), "panel", PANEL, "scheduledAt",
                        Instant.now().plus(1, ChronoUnit.HOURS).toString()))
                .post("/api/sessions").then().statusCode(201).extract().path("id");
    }

    /** Every GET of the OpenAPI document, with this session (and its reports filters) filled in. */
    private static List<String> apiUrls(String id) {
        JsonNode openapi = Management.given().accept("application/json").get("/q/openapi").then().extract()
                .as(JsonNode.class);
        List<String> urls = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = openapi.path("paths").fields(); paths.hasNext();) {
            var path = paths.next();
            if (!path.getValue().has("get") || path.getKey().startsWith("/join/")) {
                continue;
            }
            String url = path.getKey().replace("/api/questions/{id}", "/api/questions/" + Fixtures.bankQuestion())
                    .replace("/api/question-sets/{id}", "/api/question-sets/" + Fixtures.set(1)).replace("{id}", id)
                    .replace("{version}", "1").replace("{position}", "1")
                    .replace("{name}", "rating.recorded.v1.schema.json")
                    .replace("{candidateRef}", UUID.randomUUID().toString());
            urls.add(url);
            if (url.startsWith("/api/reports/")) {
                urls.add(url + "?session=" + id);
            }
        }
        return urls;
    }

    private static List<String> pages(String id) throws IOException {
        List<String> pages = new ArrayList<>();
        for (var row : AuthorizationMatrixTest.matrix()) {
            if ("pages".equals(row.kind())) {
                pages.add(row.path().replace("/calibration/{id}", "/calibration/" + Fixtures.exercise())
                        .replace("/questions/{id}", "/questions/" + Fixtures.bankQuestion())
                        .replace("/question-sets/{id}", "/question-sets/" + Fixtures.set(1)).replace("{id}", id)
                        .replace("{name}", "interviewers")
                        + (row.path().startsWith("/reports/{name}") ? "?session=" + id
                                : ""));
            }
        }
        return pages;
    }

    /** The room's frames while the session moves on: carol rates, hana decides. */
    private static List<String> frames(String observer, String id, String marker) throws Exception {
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        List<String> leaks = new ArrayList<>();
        try (LiveClient room = LiveClient.panel(port, id, token(observer))) {
            await().atMost(Duration.ofSeconds(5)).until(() -> !room.frames("snapshot").isEmpty());
            // A change each time (the same rating again would change nothing and send nothing).
            given().auth().oauth2(token("carol")).contentType("application/json")
                    .body(Map.of("rating", observer.equals("carol") ? 4 : 3, "note", "NOTE-" + marker + "-carol-" + observer))
                    .put("/api/sessions/" + id + "/ratings/2").then().statusCode(200);
            await().atMost(Duration.ofSeconds(30)).failFast(() -> room.closeCode() != null)
                    .until(() -> !room.frames("progress").isEmpty());
            for (JsonNode frame : room.frames()) {
                leaks.addAll(leaks(observer, "frame " + frame.path("type").asText(), frame.toString(), marker));
            }
        }
        return leaks;
    }

    /** What of the submitted colleagues (alice, bob) a response shows this observer. */
    static List<String> leaks(String observer, String where, String body, String marker) {
        List<String> found = new ArrayList<>();
        for (String colleague : List.of("alice", "bob")) {
            for (String text : List.of("NOTE-" + marker + "-" + colleague, "SUMMARY-" + marker + "-" + colleague)) {
                if (body.contains(text)) {
                    found.add(observer + " sees " + text + " in " + where);
                }
            }
        }
        // Another observer's note is no better: carol must not read ivo's, nor ivo carol's.
        for (String other : OBSERVERS) {
            if (!other.equals(observer) && body.contains("NOTE-" + marker + "-" + other)) {
                found.add(observer + " sees " + other + "'s note in " + where);
            }
        }
        try {
            JsonNode json = JSON.readTree(body);
            if (json != null) {
                scores(json, observer, where, found);
            }
        } catch (IOException e) {
            // not JSON (a page or CSV): the markers above are the check
        }
        return found;
    }

    /** Any JSON object naming another panelist next to a rating or recommendation value. */
    private static void scores(JsonNode node, String observer, String where, List<String> found) {
        if (node.isObject()) {
            String who = node.path("username").asText(node.path("panelist").asText(""));
            boolean other = PANEL.contains(who) && !who.equals(observer);
            for (String field : List.of("rating", "recommendation", "note", "summary")) {
                if (other && node.hasNonNull(field)) {
                    found.add(observer + " sees " + who + "'s " + field + " in " + where);
                }
            }
        }
        node.forEach(child -> scores(child, observer, where, found));
    }
}
