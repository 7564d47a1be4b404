package org.interviewpanel.session;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.interviewpanel.testsupport.Sessions.act;
import static org.interviewpanel.testsupport.Tokens.token;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.interviewpanel.testsupport.AppDatabase;
import org.interviewpanel.testsupport.ConsoleLogin;
import org.interviewpanel.testsupport.EventStream;
import org.interviewpanel.testsupport.Scoring;
import org.interviewpanel.testsupport.Sessions;
import org.interviewpanel.testsupport.TestClock;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Candidate privacy end to end, on the real stack: a session is scheduled and run, the candidate's record exported and
 * erased, and then their name, email and every free text written about them are searched for in every table of both
 * schemas, the API, the pages, the CSV, the topic and the analytics tables, while the reports' numbers stay the same;
 * the audit trail shows each step.
 */
@QuarkusTest
class CandidatePrivacyTest {

    static final List<String> REPORTS = List.of("pipeline", "interviewers", "reliability", "questions");

    @Inject
    EntityManager em;

    @Inject
    CandidateRetention retention;

    @Test
    void exportThenEraseLeavesTheCandidateNowhereAndTheNumbersUnchanged() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String name = "Priya Privacyson " + tag;
        String email = "priya." + tag + "@example.test";
        String aliceNote = "alice-note-" + tag + " Priya hesitated on ISR";
        String bobNote = "bob-note-" + tag + " strong on partitions";
        String summary = "summary-" + tag + " would hire Priya";
        String rationale = "rationale-" + tag + " Priya convinced the panel";
        List<String> needles = List.of(name, email, aliceNote, bobNote, summary, rationale);

        String set = Sessions.questionSet("alice", 2);
        var created = given().auth().oauth2(token("alice")).contentType("application/json")
                .body(Map.of("position", "Privacy check " + tag, "candidate", Map.of("name", name, "email", email),
                        "questionSetId", set, "panel", List.of("alice", "bob"), "lead", "alice",
                        "scheduledAt", Instant.now().plus(1, ChronoUnit.HOURS).toString(),
                        "meetingUrl", "https://meet.example.com/privacy"))
                .post("/api/sessions").then().statusCode(201).extract().jsonPath();
        String id = created.getString("id");
        String link = given().auth().oauth2(token("alice")).post("/api/sessions/" + id + "/candidate-link").then()
                .statusCode(200).extract().path("candidateLink");
        given().redirects().follow(false)
                .get("/join/" + link.substring(link.lastIndexOf('/') + 1)).then().statusCode(303);
        // the session: both panelists rate with notes, submit with a summary; the decision has a rationale
        act("alice", id, "start").statusCode(200);
        Scoring.rate("alice", id, 1, Map.of("rating", 4, "note", aliceNote)).statusCode(200);
        Scoring.rate("bob", id, 1, Map.of("rating", 2, "note", bobNote)).statusCode(200);
        act("alice", id, "end").statusCode(200);
        for (String panelist : List.of("alice", "bob")) {
            given().auth().oauth2(token(panelist)).contentType("application/json")
                    .body(Map.of("recommendation", "YES", "summary", summary)).post("/api/sessions/" + id + "/scorecard")
                    .then().statusCode(200);
        }
        Scoring.rate("bob", id, 1, Map.of("rating", 5, "note", "changed my mind")).statusCode(409);
        given().auth().oauth2(token("hana")).get("/api/sessions/" + id + "/debrief").then().statusCode(200);
        Scoring.decide("hana", id, Map.of("decision", "HIRE", "rationale", rationale)).statusCode(200);
        String ref = Sessions.get("root", id).extract().path("candidateRef");
        awaitAnalytics(id, "decided_at is not null");
        Map<String, String> before = reports();

        // Find and export: everything held, and the export is audited.
        given().auth().oauth2(token("root")).queryParam("email", email.toUpperCase()).get("/api/admin/candidates")
                .then().statusCode(200).body("items.size()", equalTo(1)).body("items[0].candidateRef", equalTo(ref))
                .body("items[0].name", equalTo(name)).body("items[0].sessions[0]", equalTo(id));
        JsonPath export = given().auth().oauth2(token("root")).get("/api/admin/candidates/" + ref + "/export").then()
                .statusCode(200).header("Content-Disposition", org.hamcrest.Matchers.containsString("attachment"))
                .extract().jsonPath();
        assertThat(export.getString("identity.name")).isEqualTo(name);
        assertThat(export.getString("identity.email")).isEqualTo(email);
        assertThat(export.getList("ratings.note", String.class)).contains(aliceNote, bobNote);
        assertThat(export.getList("scorecards.summary", String.class)).containsOnly(summary);
        assertThat(export.getString("decision.rationale")).isEqualTo(rationale);
        assertThat(export.getString("session.meetingUrl")).isEqualTo("https://meet.example.com/privacy");
        assertThat(export.getString("linkHistory.redeemedAt")).isNotNull();
        assertThat(export.getString("linkHistory.device")).as("the candidate's address").isNotBlank();
        assertThat(export.getList("mails.kind", String.class)).contains("INVITATION");
        assertThat(export.getList("audit.action", String.class)).contains("LINK_ROTATED", "DEBRIEF_READ",
                "RATING_CHANGE_AFTER_SUBMIT", "DECISION", "CANDIDATE_EXPORTED");

        // Before erasure the scan finds them (so it can fail): the session, the mails, the ratings, the scorecards.
        assertThat(tablesContaining(name)).contains("\"public\".\"interview_session\"");
        assertThat(tablesContaining(email)).contains("\"public\".\"interview_session\"", "\"public\".\"mail_outbox\"");
        assertThat(tablesContaining(aliceNote)).containsExactly("\"public\".\"rating\"");
        assertThat(tablesContaining(summary)).containsExactly("\"public\".\"scorecard\"");

        // Refused: malformed, unknown, no reason; nothing erased by them.
        erase("not-a-ref", Map.of("reason", "x")).statusCode(400).contentType("application/problem+json");
        erase(UUID.randomUUID().toString(), Map.of("reason", "x")).statusCode(404);
        erase(ref, Map.of()).statusCode(400);
        given().auth().oauth2(token("hana")).contentType("application/json").body(Map.of("reason", "x"))
                .post("/api/admin/candidates/" + ref + "/erase").then().statusCode(403);
        Sessions.get("root", id).body("candidate.name", equalTo(name));

        try (EventStream topic = new EventStream()) {
            erase(ref, Map.of("reason", "erasure request 42")).statusCode(202).body("erased", equalTo(true));
            erase(ref, Map.of("reason", "erasure request 42 again")).statusCode(202).body("erased", equalTo(false));
            awaitAnalytics(id, "candidate_erased and candidate_ref is null");

            // The topic: every event of the session, the erasure included, once; none names the candidate.
            await().atMost(Duration.ofSeconds(30)).until(() -> topic.forSession(id).stream()
                    .anyMatch(e -> e.type().endsWith("candidate.erased.v1")));
            List<EventStream.Event> events = topic.forSession(id);
            assertThat(events.stream().filter(e -> e.type().endsWith("candidate.erased.v1"))).hasSize(1);
            assertThat(events.stream().map(EventStream.Event::type).distinct()).contains(
                    "interviewpanel.session.scheduled.v1", "interviewpanel.participant.joined.v1",
                    "interviewpanel.session.started.v1", "interviewpanel.question.asked.v1",
                    "interviewpanel.rating.recorded.v1", "interviewpanel.scorecard.submitted.v1",
                    "interviewpanel.session.ended.v1", "interviewpanel.decision.recorded.v1");
            for (EventStream.Event e : events) {
                for (String needle : needles) {
                    assertThat(e.value() + e.headers()).as(e.type()).doesNotContainIgnoringCase(needle);
                }
            }
        }

        // The databases: no table of either schema holds any of it.
        for (String needle : needles) {
            assertThat(tablesContaining(needle)).as("tables holding '%s'", needle).isEmpty();
        }
        // The API, the pages and the CSV show "Erased candidate".
        String view = Sessions.get("root", id).body("candidate.name", equalTo("Erased candidate"))
                .body("candidate.email", equalTo("")).extract().asString();
        String debrief = given().auth().oauth2(token("hana")).get("/api/sessions/" + id + "/debrief").then()
                .statusCode(200).extract().asString();
        String page = given().cookies(ConsoleLogin.cookies("root")).get("/sessions/" + id).then().statusCode(200)
                .extract().asString();
        String debriefPage = given().cookies(ConsoleLogin.cookies("hana")).get("/sessions/" + id + "/debrief").then()
                .statusCode(200).extract().asString();
        assertThat(page).contains("Erased candidate");
        List<String> channels = new ArrayList<>(List.of(view, debrief, page, debriefPage,
                given().auth().oauth2(token("root")).get("/api/sessions?q=" + tag).then().statusCode(200).extract()
                        .asString()));
        for (String report : REPORTS) {
            channels.add(given().auth().oauth2(token("root")).accept("text/csv").get("/api/reports/" + report).then()
                    .statusCode(200).extract().asString());
            channels.add(given().cookies(ConsoleLogin.cookies("root")).get("/reports/" + report + ".csv").then()
                    .statusCode(200).extract().asString());
        }
        for (String channel : channels) {
            for (String needle : List.of(name, email, aliceNote, bobNote, summary, rationale)) {
                assertThat(channel).doesNotContain(needle);
            }
        }
        given().auth().oauth2(token("root")).queryParam("email", email).get("/api/admin/candidates").then()
                .statusCode(200).body("items.size()", equalTo(0));
        JsonPath after = given().auth().oauth2(token("root")).get("/api/admin/candidates/" + ref + "/export").then()
                .statusCode(200).extract().jsonPath();
        assertThat(after.getString("identity.name")).isEqualTo("Erased candidate");
        assertThat(after.getString("identity.erasedAt")).isNotNull();
        assertThat(after.getString("linkHistory.device")).isNull();
        assertThat(after.getList("ratings.rating", Integer.class)).containsExactlyInAnyOrder(4, 2);
        assertThat(after.getList("ratings.note")).containsOnlyNulls();
        // Ratings, recommendations and the decision stay: the reports' numbers are the same.
        Sessions.get("root", id).body("decision.decision", equalTo("HIRE"));
        assertThat(reports()).isEqualTo(before);

        // The audit trail: each step, who and when; the API cannot change it, nor can SQL.
        List<String> actions = given().auth().oauth2(token("root")).queryParam("subject", ref).get("/api/admin/audit")
                .then().statusCode(200).extract().jsonPath().getList("items.action", String.class);
        assertThat(actions).contains("LINK_ROTATED", "DEBRIEF_READ", "RATING_CHANGE_AFTER_SUBMIT", "DECISION",
                "CANDIDATE_EXPORTED", "CANDIDATE_ERASED");
        assertThat(actions.stream().filter("CANDIDATE_ERASED"::equals)).hasSize(1);
        given().auth().oauth2(token("root")).queryParam("actor", "hana").queryParam("from",
                Instant.now().minus(1, ChronoUnit.HOURS).toString()).get("/api/admin/audit").then().statusCode(200)
                .body("items.action", org.hamcrest.Matchers.hasItems("DEBRIEF_READ", "DECISION"));
        given().auth().oauth2(token("root")).queryParam("from", "yesterday").get("/api/admin/audit").then()
                .statusCode(400);
        given().auth().oauth2(token("root")).queryParam("to", "+300000-01-01T00:00:00Z").get("/api/admin/audit").then()
                .statusCode(400).body("errors[0].field", org.hamcrest.Matchers.equalTo("to"));
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "update audit_entry set actor = 'someone else'").executeUpdate())).hasStackTraceContaining("append-only");
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "delete from audit_entry").executeUpdate())).hasStackTraceContaining("append-only");
    }

    @Test
    void anErasureBeforeTheDecisionLastsNoTextWrittenAfterItIsKept() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String note = "late-note-" + tag;
        String summary = "late-summary-" + tag;
        String rationale = "late-rationale-" + tag;
        String id = schedule("Erased early " + tag, "Ella Early " + tag, "ella." + tag + "@example.test",
                List.of("alice", "bob"), Duration.ofHours(1));
        String ref = Sessions.get("root", id).extract().path("candidateRef");
        erase(ref, Map.of("reason", "request " + tag)).statusCode(202);
        // The interview goes on after the erasure: the numbers are kept, the text about the candidate is not.
        act("alice", id, "start").statusCode(200);
        Scoring.rate("alice", id, 1, Map.of("rating", 4, "note", note)).statusCode(200);
        Scoring.rate("bob", id, 1, Map.of("rating", 3)).statusCode(200);
        Scoring.rate("bob", id, 1, Map.of("rating", 2, "note", note)).statusCode(200); // an update, with text
        act("alice", id, "end").statusCode(200);
        for (String panelist : List.of("alice", "bob")) {
            given().auth().oauth2(token(panelist)).contentType("application/json")
                    .body(Map.of("recommendation", "YES", "summary", summary)).post("/api/sessions/" + id + "/scorecard")
                    .then().statusCode(200);
        }
        Scoring.decide("hana", id, Map.of("decision", "HIRE", "rationale", rationale)).statusCode(200);
        for (String text : List.of(note, summary, rationale)) {
            assertThat(tablesContaining(text)).as("tables holding " + text).isEmpty();
        }
        JsonPath export = given().auth().oauth2(token("root")).get("/api/admin/candidates/" + ref + "/export").then()
                .statusCode(200).extract().jsonPath();
        assertThat(export.getList("ratings.rating", Integer.class)).containsExactlyInAnyOrder(4, 2);
        assertThat(export.getList("scorecards.recommendation", String.class)).containsOnly("YES");
        assertThat(export.getString("decision.decision")).isEqualTo("HIRE");
    }

    @Test
    void anAdminSeatedOnThePanelExportsOnlyOnceTheirOwnScorecardIsIn() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String id = schedule("Seated admin " + tag, "Sam Seated " + tag, "sam." + tag + "@example.test",
                List.of("alice"), Duration.ofDays(1));
        String ref = Sessions.get("root", id).extract().path("candidateRef");
        given().auth().oauth2(token("root")).get("/api/admin/candidates/" + ref + "/export").then().statusCode(200);
        // An admin who also interviews is seated like anyone; the demo realm has no such user, so root is seated here
        // as the panel form would seat them.
        try (Connection c = AppDatabase.connect(); Statement st = c.createStatement()) {
            st.execute("insert into session_panelist (session_id, username, display_name, lead) values ('" + id
                    + "', 'root', 'Root', false)");
        }
        given().auth().oauth2(token("root")).get("/api/admin/candidates/" + ref + "/export").then().statusCode(403)
                .contentType("application/problem+json");
        try (Connection c = AppDatabase.connect(); Statement st = c.createStatement()) {
            st.execute("insert into scorecard (session_id, username, recommendation, submitted_at) values ('" + id
                    + "', 'root', 'YES', now())");
        }
        given().auth().oauth2(token("root")).get("/api/admin/candidates/" + ref + "/export").then().statusCode(200)
                .body("panel.username", org.hamcrest.Matchers.hasItem("root"));
    }

    @Test
    void retentionErasesDecidedAndCancelledCandidatesAfterThePeriodWithADryRunFirst() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String name = "Rita Retention " + tag;
        String id = schedule("Retention check " + tag, name, "rita." + tag + "@example.test", List.of("alice"),
                Duration.ofDays(1));
        act("alice", id, "cancel").statusCode(200);
        assertThat(dueNow()).doesNotContain(id);
        try {
            TestClock.advance(Duration.ofDays(181));
            assertThat(dueNow()).contains(id);
            Sessions.get("root", id).body("candidate.name", equalTo(name)); // the dry run changes nothing
            retention.run();
            Sessions.get("root", id).body("candidate.name", equalTo("Erased candidate"));
            assertThat(dueNow()).doesNotContain(id);
            assertThat(tablesContaining(name)).as("tables holding the candidate").isEmpty();
            String ref = Sessions.get("root", id).extract().path("candidateRef");
            given().auth().oauth2(token("root")).queryParam("subject", ref).get("/api/admin/audit").then()
                    .statusCode(200).body("items.find { it.action == 'CANDIDATE_ERASED' }.actor", equalTo("(retention)"));
        } finally {
            TestClock.reset();
        }
    }

    /** A session of the first question set, led by alice, for a candidate of the test's own. */
    private static String schedule(String position, String name, String email, List<String> panel, Duration ahead) {
        return given().auth().oauth2(token("alice")).contentType("application/json")
                .body(Map.of("position", position, "candidate", Map.of("name", name, "email", email), "questionSetId",
                        Sessions.questionSet("alice", 1), "panel", panel, "lead", "alice",
                        "scheduledAt", Instant.now().plus(ahead).toString()))
                .post("/api/sessions").then().statusCode(201).extract().path("id");
    }

    private static List<String> dueNow() {
        return given().auth().oauth2(token("root")).get("/api/admin/candidates/retention").then().statusCode(200)
                .extract().jsonPath().getList("due.sessionId", String.class);
    }

    private static io.restassured.response.ValidatableResponse erase(String ref, Map<String, Object> body) {
        return given().auth().oauth2(token("root")).contentType("application/json").body(body)
                .post("/api/admin/candidates/" + ref + "/erase").then();
    }

    private static Map<String, String> reports() {
        Map<String, String> out = new java.util.TreeMap<>();
        for (String report : REPORTS) {
            out.put(report, given().auth().oauth2(token("root")).get("/api/reports/" + report).then().statusCode(200)
                    .extract().asString());
        }
        return out;
    }

    private void awaitAnalytics(String sessionId, String condition) {
        await().atMost(Duration.ofSeconds(30)).until(() -> QuarkusTransaction.requiringNew().call(() -> ((Number) em
                .createNativeQuery("select count(*) from analytics.session_fact where session_id = ?1 and " + condition)
                .setParameter(1, UUID.fromString(sessionId)).getSingleResult()).intValue() == 1));
    }

    /** Every table of the operational and analytics schemas whose rows, as text, contain the needle. */
    @SuppressWarnings("unchecked")
    private List<String> tablesContaining(String needle) {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<Object[]> tables = em.createNativeQuery("select table_schema, table_name from information_schema.tables "
                    + "where table_schema in ('public', 'analytics') and table_type = 'BASE TABLE'").getResultList();
            List<String> holding = new ArrayList<>();
            for (Object[] t : tables) {
                String qualified = "\"" + t[0] + "\".\"" + t[1] + "\"";
                Number n = (Number) em.createNativeQuery("select count(*) from " + qualified + " x where x::text ilike ?1")
                        .setParameter(1, "%" + needle + "%").getSingleResult();
                if (n.longValue() > 0) {
                    holding.add(qualified);
                }
            }
            assertThat(tables).hasSizeGreaterThan(10);
            return holding;
        });
    }
}
