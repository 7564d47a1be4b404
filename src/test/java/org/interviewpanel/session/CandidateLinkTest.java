package org.interviewpanel.session;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.interviewpanel.testsupport.Sessions.act;
import static org.interviewpanel.testsupport.Sessions.advance;
import static org.interviewpanel.testsupport.Tokens.token;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.interviewpanel.testsupport.Sessions;
import org.interviewpanel.testsupport.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

@QuarkusTest
class CandidateLinkTest {

    @Inject
    RedemptionLimiter limiter;

    @Inject
    EntityManager em;

    @BeforeEach
    @AfterEach
    void forgetFailures() {
        limiter.reset();
    }

    static Response redeem(String token) {
        return given().redirects().follow(false).get("/join/" + token);
    }

    static String cookieFrom(Response redeemed) {
        return redeemed.getCookie(CandidateResource.COOKIE);
    }

    static io.restassured.response.ValidatableResponse candidateView(String cookie) {
        return given().cookie(CandidateResource.COOKIE, cookie).get("/api/candidate/session").then();
    }

    @Test
    void redeemingSetsAStrictHttpOnlyCookieAndRedirectsWithoutTheToken() {
        Sessions.Scheduled s = Sessions.schedule(2);
        Response redeemed = redeem(s.token());
        assertThat(redeemed.statusCode()).isEqualTo(303);
        assertThat(redeemed.header("Location")).endsWith("/candidate").doesNotContain(s.token());
        String setCookie = redeemed.header("Set-Cookie");
        assertThat(setCookie).contains(CandidateResource.COOKIE + "=").contains("HttpOnly")
                .containsIgnoringCase("SameSite=Strict")
                .doesNotContain(s.token());
        candidateView(cookieFrom(redeemed)).statusCode(200)
                .body("position", equalTo("Platform engineer"))
                .body("status", equalTo("SCHEDULED"))
                .body("panel", equalTo(List.of("Alice Archer", "Bob Brennan")))
                .body("currentQuestion", nullValue());
        given().get("/candidate").then().statusCode(200).body(containsString("The panel will start soon"));
    }

    @Test
    void theCandidateSeesTheCurrentQuestionAndNothingElse() {
        Sessions.Scheduled s = Sessions.schedule(3);
        String cookie = cookieFrom(redeem(s.token()));
        act("alice", s.id(), "start").statusCode(200);
        advance("alice", s.id(), "2").statusCode(200);
        String body = candidateView(cookie).statusCode(200)
                .body("status", equalTo("LIVE"))
                .body("currentQuestion.position", equalTo(2))
                .body("currentQuestion.total", equalTo(3))
                .extract().asString();
        Map<String, Object> view = io.restassured.path.json.JsonPath.from(body).getMap("$");
        // the session's where and when for the lobby, and otherwise only the question
        assertThat(view.keySet()).containsAll(List.of("position", "status", "panel", "currentQuestion"))
                .isSubsetOf("position", "status", "panel", "currentQuestion", "scheduledAt", "durationMinutes",
                        "timeZone", "meetingUrl");
        assertThat(io.restassured.path.json.JsonPath.from(body).getMap("currentQuestion"))
                .containsOnlyKeys("position", "total", "text", "parts", "minutes", "askedAt");
        assertThat(body).doesNotContainIgnoringCase("rubric").doesNotContainIgnoringCase("followUp")
                .doesNotContainIgnoringCase("rating").doesNotContainIgnoringCase("note")
                .doesNotContain(Sessions.CANDIDATE_EMAIL);
    }

    @Test
    void aNewRedemptionEndsThePreviousDevice() {
        Sessions.Scheduled s = Sessions.schedule(1);
        String first = cookieFrom(redeem(s.token()));
        String second = cookieFrom(redeem(s.token()));
        assertThat(second).isNotEqualTo(first);
        candidateView(first).statusCode(401).contentType("application/problem+json");
        candidateView(second).statusCode(200);
    }

    @Test
    void rotatingKillsTheOldLinkAndRevokingKillsLinkAndDevice() {
        Sessions.Scheduled s = Sessions.schedule(1);
        String cookie = cookieFrom(redeem(s.token()));
        String rotated = given().auth().oauth2(token("alice")).post("/api/sessions/" + s.id() + "/candidate-link")
                .then().statusCode(200).extract().path("candidateLink");
        String newToken = rotated.substring(rotated.lastIndexOf('/') + 1);
        assertThat(redeem(s.token()).statusCode()).isEqualTo(404);
        candidateView(cookie).statusCode(200); // the candidate already in stays in
        assertThat(redeem(newToken).statusCode()).isEqualTo(303);

        given().auth().oauth2(token("alice")).delete("/api/sessions/" + s.id() + "/candidate-link").then().statusCode(204);
        Response after = redeem(newToken);
        assertThat(after.statusCode()).isEqualTo(404);
        assertThat(after.body().asString()).contains("This link is not valid");
        candidateView(cookie).statusCode(401);
    }

    @Test
    void invalidRevokedAndExpiredLinksAllGetTheSameNeutralPage() {
        Sessions.Scheduled s = Sessions.schedule(1);
        String cookie = cookieFrom(redeem(s.token()));
        act("alice", s.id(), "start").statusCode(200);
        act("alice", s.id(), "end").statusCode(200);
        candidateView(cookie).statusCode(200).body("status", equalTo("ENDED")); // within the grace period
        TestClock.advance(Duration.ofMinutes(14));
        try {
            candidateView(cookie).statusCode(200); // a minute before the grace period (15 min) ends
            TestClock.advance(Duration.ofMinutes(1).plusSeconds(1));
            // After it both the link and the page stop working.
            assertThat(redeem(s.token()).statusCode()).isEqualTo(404);
            candidateView(cookie).statusCode(401);
            String expired = redeem(s.token()).body().asString();
            String garbage = redeem("x".repeat(43)).body().asString();
            assertThat(expired).isEqualTo(garbage).contains("This link is not valid");
        } finally {
            TestClock.reset();
        }
    }

    @Test
    void cancellingRevokesTheLink() {
        Sessions.Scheduled s = Sessions.schedule(1);
        act("alice", s.id(), "cancel").statusCode(200);
        assertThat(redeem(s.token()).statusCode()).isEqualTo(404);
    }

    @Test
    void failedRedemptionsAreLimitedButAValidLinkAlwaysWorks() {
        Sessions.Scheduled s = Sessions.schedule(1);
        for (int i = 0; i < 10; i++) {
            assertThat(redeem("wrong-token-number-" + i + "-padding-padding").statusCode()).isEqualTo(404);
        }
        // Over the limit, wrong guesses get 429...
        Response blocked = redeem("wrong-token-number-eleven-padding-padding");
        assertThat(blocked.statusCode()).isEqualTo(429);
        assertThat(blocked.header("Retry-After")).isEqualTo("900");
        // ...but the right link from the same address (behind a proxy: every candidate's) still works.
        assertThat(redeem(s.token()).statusCode()).isEqualTo(303);
        assertThat(redeem("wrong-token-number-twelve-padding-padding").statusCode()).isEqualTo(429);
    }

    @Test
    void theLimiterRemembersABoundedNumberOfAddresses() {
        for (int i = 0; i < 10_050; i++) {
            limiter.failed("198.51.100." + i);
        }
        assertThat(limiter.trackedClients()).isEqualTo(10_000);
    }

    @Test
    void onlyTheHashOfTheLinkIsStored() {
        Sessions.Scheduled s = Sessions.schedule(1);
        Object stored = em
                .createNativeQuery("select encode(token_hash, 'hex') from candidate_link where session_id = cast(?1 as uuid)")
                .setParameter(1, s.id()).getSingleResult();
        assertThat(stored.toString()).hasSize(64).doesNotContain(s.token());
        assertThat(s.token()).hasSize(43); // 32 random bytes, base64url: 256 bits
    }

    @Inject
    CandidateLinks links;

    /**
     * The live room's check of a candidate socket (one statement for many sessions, the device's hash compared) says
     * "connected" exactly where a candidate's request is let in: the active device of an open link, not a superseded
     * one, not after a revocation or a cancellation, during the grace period after the end and not after it.
     */
    @Test
    @ActivateRequestContext
    void theLiveRoomsDeviceCheckFollowsTheRuleOfTheCandidatesRequests() {
        Sessions.Scheduled superseded = Sessions.schedule(1);
        String first = cookieFrom(redeem(superseded.token()));
        String second = cookieFrom(redeem(superseded.token()));
        Sessions.Scheduled ended = Sessions.schedule(1);
        String endedDevice = cookieFrom(redeem(ended.token()));
        act("alice", ended.id(), "start").statusCode(200);
        act("alice", ended.id(), "end").statusCode(200);
        Sessions.Scheduled revoked = Sessions.schedule(1);
        String revokedDevice = cookieFrom(redeem(revoked.token()));
        given().auth().oauth2(token("alice")).delete("/api/sessions/" + revoked.id() + "/candidate-link").then()
                .statusCode(204);
        Sessions.Scheduled cancelled = Sessions.schedule(1);
        String cancelledDevice = cookieFrom(redeem(cancelled.token()));
        act("alice", cancelled.id(), "cancel").statusCode(200);
        Sessions.Scheduled unredeemed = Sessions.schedule(1);
        List<UUID> all = Stream.of(superseded, ended, revoked, cancelled, unredeemed).map(s -> UUID.fromString(s.id()))
                .toList();

        assertThat(links.connectedDevices(all).keySet()).containsExactlyInAnyOrder(UUID.fromString(superseded.id()),
                UUID.fromString(ended.id()));
        assertConnected(superseded, first, false);
        assertConnected(superseded, second, true);
        assertConnected(ended, endedDevice, true);
        assertConnected(revoked, revokedDevice, false);
        assertConnected(cancelled, cancelledDevice, false);
        assertConnected(superseded, "x".repeat(43), false);
        TestClock.advance(Duration.ofMinutes(15).plusSeconds(1));
        try {
            assertThat(links.connectedDevices(all).keySet()).containsExactly(UUID.fromString(superseded.id()));
            assertConnected(ended, endedDevice, false);
        } finally {
            TestClock.reset();
        }
    }

    private void assertConnected(Sessions.Scheduled s, String device, boolean expected) {
        UUID id = UUID.fromString(s.id());
        byte[] connected = links.connectedDevices(List.of(id)).get(id);
        assertThat(connected != null && Arrays.equals(connected, CandidateLinks.deviceHash(device))).isEqualTo(expected);
        assertThat(links.sessionIdOf(device).isPresent()).isEqualTo(expected);
    }
}
