package org.interviewpanel.session;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.interviewpanel.testsupport.Sessions.act;
import static org.interviewpanel.testsupport.Sessions.advance;
import static org.interviewpanel.testsupport.Tokens.token;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.interviewpanel.testsupport.Sessions;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class SessionResourceTest {

    @Inject
    SessionPlans plans;

    @Test
    void scheduleSnapshotsTheSetAndReturnsALink() {
        Sessions.Scheduled s = Sessions.schedule(3);
        org.assertj.core.api.Assertions.assertThat(s.link())
                .matches("http://(localhost|127.0.0.1):8081/join/[A-Za-z0-9_-]{43}");
        given().auth().oauth2(token("bob")).get("/api/sessions/" + s.id()).then().statusCode(200)
                .body("status", equalTo("SCHEDULED"))
                .body("items.size()", equalTo(3))
                .body("items[0].key", startsWith("kafka/basics/"))
                .body("panel.find { it.lead }.username", equalTo("alice"))
                .body("panel.username", hasItem("bob"))
                .body("candidate.name", equalTo(Sessions.CANDIDATE_NAME))
                .body("currentItem", nullValue());
    }

    @Test
    void theFullLifecycleFollowsTheStateMachine() {
        String id = Sessions.schedule(3).id();
        advance("alice", id, "next").statusCode(409);
        act("alice", id, "end").statusCode(409);
        act("alice", id, "start").statusCode(200).body("status", equalTo("LIVE")).body("currentItem.position", equalTo(1));
        act("alice", id, "start").statusCode(409).contentType("application/problem+json");
        advance("alice", id, "previous").statusCode(409);
        advance("alice", id, "next").statusCode(200).body("currentItem.position", equalTo(2));
        advance("alice", id, "3").statusCode(200).body("currentItem.position", equalTo(3));
        advance("alice", id, "next").statusCode(409);
        advance("alice", id, "3").statusCode(409);
        advance("alice", id, "99").statusCode(409);
        advance("alice", id, "previous").statusCode(200).body("currentItem.position", equalTo(2));
        advance("alice", id, "sideways").statusCode(400).body("errors[0].field", equalTo("to"));
        act("alice", id, "end").statusCode(200).body("status", equalTo("ENDED"));
        act("alice", id, "end").statusCode(409);
        act("alice", id, "cancel").statusCode(409);
        act("alice", id, "start").statusCode(409);
        advance("alice", id, "1").statusCode(409);
    }

    @Test
    void aSessionsPlanIsReadOnceAndIsWhatTheViewShows() {
        Sessions.Scheduled s = Sessions.schedule(3);
        UUID id = UUID.fromString(s.id());
        SessionPlans.Plan first = QuarkusTransaction.requiringNew().call(() -> plans.of(id));
        SessionPlans.Plan again = QuarkusTransaction.requiringNew().call(() -> plans.of(id));
        assertThat(again).as("kept, not read again").isSameAs(first);
        var view = given().auth().oauth2(token("alice")).get("/api/sessions/" + id).then().statusCode(200).extract()
                .jsonPath();
        assertThat(first.items()).extracting(SessionDtos.ItemView::key).containsExactlyElementsOf(view.getList("items.key"));
        assertThat(first.items()).extracting(SessionDtos.ItemView::text).containsExactlyElementsOf(view.getList("items.text"));
        assertThat(first.panel()).extracting(SessionPlans.Seated::username)
                .containsExactlyElementsOf(view.getList("panel.username"));
        assertThat(first.panel().get(0).lead()).isTrue();

        // A session that is not there (or not yet visible) has an empty plan, and it is not kept.
        UUID unknown = UUID.randomUUID();
        SessionPlans.Plan none = QuarkusTransaction.requiringNew().call(() -> plans.of(unknown));
        assertThat(none.items()).isEmpty();
        assertThat(QuarkusTransaction.requiringNew().call(() -> plans.of(unknown))).isNotSameAs(none);
    }

    @Test
    void cancelFromScheduledAndFromLive() {
        String scheduled = Sessions.schedule(2).id();
        act("alice", scheduled, "cancel").statusCode(200).body("status", equalTo("CANCELLED"));
        act("alice", scheduled, "start").statusCode(409);
        String live = Sessions.schedule(2).id();
        act("alice", live, "start").statusCode(200);
        act("alice", live, "cancel").statusCode(200).body("status", equalTo("CANCELLED"));
        act("alice", live, "end").statusCode(409);
    }

    @Test
    void onlyTheLeadDrivesAndOutsidersSeeNothing() {
        String id = Sessions.schedule(2).id();
        act("bob", id, "start").statusCode(403).contentType("application/problem+json");
        act("dave", id, "start").statusCode(404);
        given().auth().oauth2(token("dave")).get("/api/sessions/" + id).then().statusCode(404)
                .contentType("application/problem+json");
        act("hana", id, "start").statusCode(403);
        act("root", id, "start").statusCode(403);
        given().auth().oauth2(token("hana")).get("/api/sessions/" + id).then().statusCode(200);
        given().auth().oauth2(token("root")).get("/api/sessions/" + id).then().statusCode(200);
        given().auth().oauth2(token("dave")).post("/api/sessions/" + id + "/candidate-link").then().statusCode(404);
        given().auth().oauth2(token("bob")).post("/api/sessions/" + id + "/candidate-link").then().statusCode(403);
        given().auth().oauth2(token("bob")).delete("/api/sessions/" + id + "/candidate-link").then().statusCode(403);
    }

    @Test
    void listsShowInterviewersOnlyTheirSessions() {
        String id = Sessions.schedule(2).id();
        given().auth().oauth2(token("bob")).get("/api/sessions").then().statusCode(200).body("id", hasItem(id));
        given().auth().oauth2(token("dave")).get("/api/sessions").then().statusCode(200).body("id", not(hasItem(id)));
        given().auth().oauth2(token("hana")).get("/api/sessions").then().statusCode(200).body("id", hasItem(id));
        given().auth().oauth2(token("hana")).queryParam("mine", true).get("/api/sessions").then().statusCode(200)
                .body("id", not(hasItem(id)));
        given().auth().oauth2(token("bob")).queryParam("status", "LIVE").get("/api/sessions").then().statusCode(200)
                .body("id", not(hasItem(id)));
        given().auth().oauth2(token("bob")).queryParam("status", "BOGUS").get("/api/sessions").then().statusCode(400);
    }

    @Test
    void theCallerLeadsUnlessLeadNamesAPanelist() {
        String set = Sessions.questionSet("carol", 1);
        String id = given().auth().oauth2(token("carol")).contentType("application/json")
                .body(Map.of("position", "SRE", "candidate", Map.of("name", "Ann Example", "email", "ann@example.test"),
                        "questionSetId", set, "panel", List.of("bob"), "scheduledAt", Instant.now().toString()))
                .post("/api/sessions").then().statusCode(201).extract().path("id");
        given().auth().oauth2(token("carol")).get("/api/sessions/" + id).then()
                .body("panel.find { it.lead }.username", equalTo("carol")).body("panel.size()", equalTo(2));
        String other = given().auth().oauth2(token("carol")).contentType("application/json")
                .body(Map.of("position", "SRE", "candidate", Map.of("name", "Ann Example", "email", "ann@example.test"),
                        "questionSetId", set, "panel", List.of("carol", "bob"), "lead", "bob",
                        "scheduledAt", Instant.now().toString()))
                .post("/api/sessions").then().statusCode(201).extract().path("id");
        given().auth().oauth2(token("bob")).get("/api/sessions/" + other).then()
                .body("panel.find { it.lead }.username", equalTo("bob"));
    }

    @Test
    void badSchedulesAre4xxNamingTheProblem() {
        String set = Sessions.questionSet("alice", 1);
        Map<String, Object> candidate = Map.of("name", "Ann Example", "email", "ann@example.test");
        String when = Instant.now().toString();
        expect(Map.of("position", "SRE", "candidate", candidate, "questionSetId", set, "panel", List.of("alice", "nobody"),
                "scheduledAt", when), 422, "panel[1]");
        expect(Map.of("position", "SRE", "candidate", candidate, "questionSetId", set, "panel", List.of("alice", "hana"),
                "scheduledAt", when), 422, "panel[1]");
        expect(Map.of("position", "SRE", "candidate", candidate, "questionSetId", set, "panel", List.of("bob"),
                "lead", "dave", "scheduledAt", when), 422, "lead");
        expect(Map.of("position", "SRE", "candidate", candidate, "questionSetId", java.util.UUID.randomUUID().toString(),
                "panel", List.of("alice"), "scheduledAt", when), 422, "questionSetId");
        expect(Map.of("position", "SRE", "candidate", Map.of("name", "Ann", "email", "not-an-email"), "questionSetId", set,
                "panel", List.of("alice"), "scheduledAt", when), 400, "candidate.email");
        expect(Map.of("position", "", "candidate", candidate, "questionSetId", set, "panel", List.of("alice"),
                "scheduledAt", when), 400, "position");
        expect(Map.of("position", "SRE", "candidate", candidate, "questionSetId", set,
                "panel", List.of("alice", "bob", "carol", "dave", "alice", "bob", "carol"), "scheduledAt", when), 400, "panel");
        given().auth().oauth2(token("hana")).contentType("application/json")
                .body(Map.of("position", "SRE", "candidate", candidate, "questionSetId", set, "panel", List.of("alice"),
                        "scheduledAt", when))
                .post("/api/sessions").then().statusCode(403);
    }

    @Test
    void peopleDirectoryListsInterviewers() {
        given().auth().oauth2(token("alice")).get("/api/people").then().statusCode(200)
                .body("username", hasItem("bob"))
                .body("username", not(hasItem("hana")))
                .body("find { it.username == 'carol' }.displayName", equalTo("Carol Chen"));
        given().auth().oauth2(token("alice")).queryParam("role", "hiring-manager").get("/api/people").then()
                .statusCode(200).body("username", hasItem("hana"));
        given().auth().oauth2(token("alice")).queryParam("q", "arch").get("/api/people").then()
                .statusCode(200).body("username", equalTo(List.of("alice")));
        given().auth().oauth2(token("alice")).queryParam("role", "superuser").get("/api/people").then()
                .statusCode(400).body("detail", containsString("role"));
    }

    private static void expect(Map<String, Object> body, int status, String field) {
        given().auth().oauth2(token("alice")).contentType("application/json").body(body)
                .post("/api/sessions").then().statusCode(status)
                .contentType("application/problem+json")
                .body("errors.field", hasItem(field));
    }
}
