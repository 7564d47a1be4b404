package org.interviewpanel.scoring;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.interviewpanel.testsupport.Scoring.clear;
import static org.interviewpanel.testsupport.Scoring.decide;
import static org.interviewpanel.testsupport.Scoring.get;
import static org.interviewpanel.testsupport.Scoring.liveSession;
import static org.interviewpanel.testsupport.Scoring.rate;
import static org.interviewpanel.testsupport.Scoring.submit;
import static org.interviewpanel.testsupport.Sessions.act;
import static org.interviewpanel.testsupport.Tokens.token;

import java.util.List;
import java.util.Map;

import org.interviewpanel.testsupport.Sessions;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** Ratings, scorecards, the debrief and the decision through the API, against the real stack. */
@QuarkusTest
public class ScoringResourceTest {

    @Test
    void nobodySeesAnotherPanelistsScoresBeforeSubmitting() {
        String id = liveSession();
        rate("alice", id, 1, Map.of("rating", 5, "note", "alice-private-note")).statusCode(200)
                .body("rating", equalTo(5)).body("revision", equalTo(1));
        rate("bob", id, 1, Map.of("rating", 2, "note", "bob-private-note")).statusCode(200);
        rate("bob", id, 2, Map.of("rating", 3)).statusCode(200);

        // bob's own scorecard holds only his ratings; nothing of alice's reaches him anywhere.
        String scorecard = get("bob", id, "scorecard").statusCode(200).body("ratings", hasSize(2))
                .body("submitted", equalTo(false)).body("rated", equalTo(2)).extract().asString();
        assertThat(scorecard).doesNotContain("alice-private-note").doesNotContain("alice");
        String session = get("bob", id, "").statusCode(200).extract().asString();
        assertThat(session).doesNotContain("alice-private-note").doesNotContain("bob-private-note");

        // The debrief is closed to panelists who have not submitted, open to hiring managers and admins.
        get("bob", id, "debrief").statusCode(403).contentType("application/problem+json");
        get("carol", id, "debrief").statusCode(403);
        get("dave", id, "debrief").statusCode(404);
        get("hana", id, "debrief").statusCode(200)
                .body("items[0].ratings", hasSize(2))
                .body("items[0].ratings.find { it.username == 'alice' }.submitted", equalTo(false))
                .body("items[0].disagreement", equalTo(true));
        get("hana", id, "scorecard").statusCode(403);

        act("alice", id, "end").statusCode(200);
        // The answer is the submitted scorecard: his own ratings, read under the scorecard's lock, and no one else's.
        String submitted = submit("bob", id, "NO").statusCode(200).body("submitted", equalTo(true))
                .body("recommendation", equalTo("NO")).body("username", equalTo("bob")).body("ratings", hasSize(2))
                .body("ratings.position", contains(1, 2)).body("ratings.rating", contains(2, 3))
                .body("rated", equalTo(2)).body("submittedAt", notNullValue()).extract().asString();
        assertThat(submitted).doesNotContain("alice");
        get("bob", id, "").statusCode(200).body("panel.find { it.username == 'bob' }.submitted", equalTo(true))
                .body("panel.find { it.username == 'alice' }.submitted", equalTo(false));

        // bob now sees the debrief, but only submitted scorecards: alice's draft stays hidden until she submits.
        String early = get("bob", id, "debrief").statusCode(200).body("submitted", equalTo(1))
                .body("items[0].ratings", hasSize(1)).body("items[0].mean", equalTo(2.0f))
                .body("scorecards.find { it.username == 'alice' }.recommendation", nullValue())
                .body("scorecards.find { it.username == 'alice' }.pendingMinutes", equalTo(0))
                .extract().asString();
        assertThat(early).doesNotContain("alice-private-note");
        get("alice", id, "debrief").statusCode(403);

        submit("alice", id, "STRONG_YES").statusCode(200);
        get("bob", id, "debrief").statusCode(200).body("submitted", equalTo(2))
                .body("items[0].ratings", hasSize(2)).body("items[0].mean", equalTo(3.5f))
                .body("items[0].spread", equalTo(3)).body("items[0].disagreement", equalTo(true))
                .body("items[1].disagreement", equalTo(false))
                .body("items[0].ratings.find { it.username == 'alice' }.note", equalTo("alice-private-note"))
                .body("scorecards.find { it.username == 'alice' }.recommendation", equalTo("STRONG_YES"))
                .body("scorecards.find { it.username == 'carol' }.submitted", equalTo(false))
                .body("canDecide", equalTo(false));
        get("hana", id, "debrief").statusCode(200).body("canDecide", equalTo(true));
    }

    @Test
    void aPanelistWhoRatedNothingSubmitsAnEmptyScorecardOnce() {
        String id = Sessions.schedule("alice", List.of("alice", "bob"), 2).id();
        act("alice", id, "start").statusCode(200);
        act("alice", id, "end").statusCode(200);
        // no rating, so no scorecard row yet: the submission creates it
        submit("bob", id, "NO").statusCode(200).body("submitted", equalTo(true)).body("rated", equalTo(0))
                .body("ratings", hasSize(0));
        submit("bob", id, "YES").statusCode(409);
    }

    @Test
    void aHiringManagerOnThePanelScoresIndependentlyToo() {
        String id = Sessions.schedule("alice", List.of("alice", "ivo"), 2).id();
        act("alice", id, "start").statusCode(200);
        rate("alice", id, 1, Map.of("rating", 2, "note", "alice-note-for-ivo")).statusCode(200);
        rate("ivo", id, 1, Map.of("rating", 5)).statusCode(200);
        get("ivo", id, "debrief").statusCode(403);
        act("alice", id, "end").statusCode(200);
        get("ivo", id, "debrief").statusCode(403);
        submit("ivo", id, "YES").statusCode(200);
        get("ivo", id, "debrief").statusCode(200).body("canDecide", equalTo(true))
                .body("items[0].ratings.find { it.username == 'alice' }.note", equalTo("alice-note-for-ivo"));
    }

    @Test
    void submittingLocksTheRatingsOnce() {
        String id = liveSession();
        rate("bob", id, 1, Map.of("rating", 4)).statusCode(200);
        submit("bob", id, "YES").statusCode(409); // still LIVE
        act("alice", id, "end").statusCode(200);
        rate("bob", id, 2, Map.of("rating", 3)).statusCode(200); // rating goes on after the end, until submitted
        submit("bob", id, "YES").statusCode(200);
        submit("bob", id, "NO").statusCode(409).contentType("application/problem+json");
        rate("bob", id, 1, Map.of("rating", 1)).statusCode(409);
        clear("bob", id, 1).statusCode(409);
        get("bob", id, "scorecard").statusCode(200).body("recommendation", equalTo("YES"))
                .body("ratings.find { it.position == 1 }.rating", equalTo(4));
    }

    @Test
    void repeatsAreHarmlessAndStaleTabsAreRefused() {
        String id = liveSession();
        rate("bob", id, 1, Map.of("rating", 4, "note", "n")).statusCode(200).body("revision", equalTo(1));
        rate("bob", id, 1, Map.of("rating", 4, "note", "n")).statusCode(200).body("revision", equalTo(1));
        // Tab A saw revision 1 and saves; tab B, still on revision 0 (it loaded before), is refused instead of winning.
        rate("bob", id, 1, Map.of("rating", 5, "revision", 1)).statusCode(200).body("revision", equalTo(2));
        rate("bob", id, 1, Map.of("rating", 2, "revision", 0)).statusCode(409)
                .body("type", equalTo("https://interview-panel.org/problems/stale-version"));
        // Without a revision the last write wins (and the event trail keeps every change).
        rate("bob", id, 1, Map.of("rating", 3)).statusCode(200).body("revision", equalTo(3));
        given().auth().oauth2(token("bob")).queryParam("revision", 1).delete("/api/sessions/" + id + "/ratings/1").then()
                .statusCode(409);
        clear("bob", id, 1).statusCode(204);
        clear("bob", id, 1).statusCode(204);
        get("bob", id, "scorecard").statusCode(200).body("ratings[0].rating", nullValue())
                .body("ratings[0].revision", equalTo(4)).body("rated", equalTo(0));
        // A cleared rating set again goes on from its revision; the same values again with an old revision change
        // nothing and are no conflict.
        rate("bob", id, 1, Map.of("rating", 2, "revision", 4)).statusCode(200).body("revision", equalTo(5))
                .body("rating", equalTo(2)).body("note", nullValue());
        rate("bob", id, 1, Map.of("rating", 2, "revision", 1)).statusCode(200).body("revision", equalTo(5));
        // A first rating sent with a revision the client cannot have seen is stale, and writes nothing.
        rate("bob", id, 2, Map.of("rating", 4, "revision", 3)).statusCode(409)
                .body("type", equalTo("https://interview-panel.org/problems/stale-version"));
        get("bob", id, "scorecard").statusCode(200).body("rated", equalTo(1))
                .body("ratings.find { it.position == 2 }", nullValue());
        rate("bob", id, 2, Map.of("rating", 4, "revision", 0)).statusCode(200).body("revision", equalTo(1));
    }

    @Test
    void badRatingsAreRefusedAndNothingIsWritten() {
        String id = Sessions.schedule("alice", List.of("alice", "bob"), 2).id();
        rate("bob", id, 1, Map.of("rating", 3)).statusCode(409); // not started
        act("alice", id, "start").statusCode(200);
        for (Object bad : List.of(0, 6, -1)) {
            rate("bob", id, 1, Map.of("rating", bad)).statusCode(422).contentType("application/problem+json")
                    .body("errors[0].field", equalTo("rating"));
        }
        rate("bob", id, 1, "{\"rating\": 2.5}").statusCode(422).body("errors[0].field", equalTo("rating"));
        rate("bob", id, 1, "{\"rating\": \"five\"}").statusCode(400).contentType("application/problem+json");
        rate("bob", id, 1, "{\"rating\": \"5\"}").statusCode(400);
        rate("bob", id, 1, "{}").statusCode(422);
        rate("bob", id, 1, "{\"rating\": 3, \"extra\": 1}").statusCode(400);
        rate("bob", id, 1, "{\"rating\": 3").statusCode(400);
        rate("bob", id, 1, Map.of("rating", 3, "note", "x".repeat(10_001))).statusCode(422)
                .body("errors[0].field", equalTo("note"));
        rate("bob", id, 1, Map.of("rating", 3, "note", "a\u0000b")).statusCode(400).body("errors[0].field",
                equalTo("note"));
        given().auth().oauth2(token("bob")).queryParam("revision", "abc").delete("/api/sessions/" + id + "/ratings/1")
                .then().statusCode(400).contentType("application/problem+json");
        given().urlEncodingEnabled(false).auth().oauth2(token("bob")).get("/api/sessions/" + id + "/ratings%00").then()
                .statusCode(400)
                .contentType("application/problem+json");
        rate("bob", id, 99, Map.of("rating", 3)).statusCode(404).contentType("application/problem+json");
        rate("bob", id, 0, Map.of("rating", 3)).statusCode(404);
        rate("bob", id, "one", Map.of("rating", 3)).statusCode(404);
        rate("hana", id, 1, Map.of("rating", 3)).statusCode(403); // a hiring manager is not on the panel
        rate("dave", id, 1, Map.of("rating", 3)).statusCode(404); // an interviewer not on the panel learns nothing
        rate("bob", "00000000-0000-0000-0000-000000000000", 1, Map.of("rating", 3)).statusCode(404);
        given().contentType("application/json").body(Map.of("rating", 3)).put("/api/sessions/" + id + "/ratings/1")
                .then().statusCode(401);
        get("bob", id, "scorecard").statusCode(200).body("ratings", hasSize(0)).body("submitted", equalTo(false));

        rate("bob", id, 1, Map.of("rating", 5, "note", "x".repeat(10_000))).statusCode(200); // the limit itself is fine
        act("alice", id, "end").statusCode(200);
        given().auth().oauth2(token("bob")).contentType("application/json").body(Map.of("recommendation", "MAYBE",
                "summary", "s")).post("/api/sessions/" + id + "/scorecard").then().statusCode(400);
        given().auth().oauth2(token("bob")).contentType("application/json").body(Map.of("recommendation", "YES"))
                .post("/api/sessions/" + id + "/scorecard").then().statusCode(400).body("errors[0].field",
                        equalTo("summary"));
        submit("hana", id, "YES").statusCode(403);
        get("bob", id, "scorecard").statusCode(200).body("submitted", equalTo(false));
    }

    @Test
    void onlyHiringManagersDecideAndOnlyAfterTheEnd() {
        String id = liveSession();
        Map<String, String> hire = Map.of("decision", "HIRE", "rationale", "Strong on replication and operations");
        decide("hana", id, hire).statusCode(409).contentType("application/problem+json");
        act("alice", id, "end").statusCode(200);
        decide("alice", id, hire).statusCode(403).contentType("application/problem+json");
        decide("bob", id, hire).statusCode(403);
        decide("hana", id, Map.of("decision", "MAYBE", "rationale", "r")).statusCode(400);
        decide("hana", id, Map.of("decision", "HIRE")).statusCode(400).body("errors[0].field", equalTo("rationale"));
        decide("hana", id, Map.of("decision", "HIRE", "rationale", "r".repeat(10_001))).statusCode(400);
        get("hana", id, "").statusCode(200).body("status", equalTo("ENDED")).body("decision", nullValue());

        decide("hana", id, hire).statusCode(200).body("status", equalTo("DECIDED"))
                .body("decision.decision", equalTo("HIRE")).body("decision.decidedBy", equalTo("hana"));
        decide("root", id, Map.of("decision", "NO_HIRE", "rationale", "changed my mind")).statusCode(409);
        get("bob", id, "").statusCode(200).body("status", equalTo("DECIDED"))
                .body("decision.decision", equalTo("HIRE"));
        rate("bob", id, 1, Map.of("rating", 3)).statusCode(409);
        submit("bob", id, "YES").statusCode(409);
        act("alice", id, "cancel").statusCode(409);

        // The rationale sums up the panel's scores: panelists read it in the debrief, not in the session view.
        get("bob", id, "").statusCode(200).body("decision.rationale", nullValue());
        get("hana", id, "").statusCode(200).body("decision.rationale", equalTo("Strong on replication and operations"));

        // An admin may decide too.
        String other = liveSession();
        act("alice", other, "end").statusCode(200);
        decide("root", other, Map.of("decision", "HOLD", "rationale", "Second round")).statusCode(200)
                .body("decision.decision", equalTo("HOLD"));
        // A cancelled session is never decided.
        String cancelled = liveSession();
        act("alice", cancelled, "cancel").statusCode(200);
        decide("hana", cancelled, hire).statusCode(409);
        get("hana", cancelled, "").body("status", not(equalTo("DECIDED")));
    }
}
