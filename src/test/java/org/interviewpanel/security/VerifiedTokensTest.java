package org.interviewpanel.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.interviewpanel.testsupport.Tokens.fresh;
import static org.interviewpanel.testsupport.Tokens.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import jakarta.inject.Inject;

import org.interviewpanel.testsupport.TestClock;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.security.StringPermission;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A bearer token verified once is honoured again without re-verification (security.VerifiedTokens) — and only that
 * exact token, with its own roles, until its expiry or the time to live.
 */
@QuarkusTest
class VerifiedTokensTest {

    @Inject
    MeterRegistry registry;

    @Test
    void aTokenIsVerifiedOnceThenReusedWithItsOwnIdentity() {
        String token = fresh("bob");
        double verified = count("verified");
        double reused = count("reused");
        for (int i = 0; i < 3; i++) {
            // the display name is the token's "name" claim, whether verified now or reused
            given().auth().oauth2(token).get("/api/me").then().statusCode(200).body("username", equalTo("bob"))
                    .body("displayName", equalTo("Bob Brennan"));
        }
        assertEquals(verified + 1, count("verified"), "verified once");
        assertEquals(reused + 2, count("reused"), "then reused");
    }

    @Test
    void aBearerTokenOnAConsolePageIsNotRemembered() {
        String token = fresh("bob");
        double verified = count("verified");
        double reused = count("reused");
        // Console pages belong to the code-flow tenant: a bearer token does not sign anyone in there.
        given().auth().oauth2(token).redirects().follow(false).get("/sessions").then().statusCode(302);
        given().auth().oauth2(token).redirects().follow(false).get("/sessions").then().statusCode(302);
        assertEquals(verified, count("verified"));
        assertEquals(reused, count("reused"));
    }

    @Test
    void aReusedTokenKeepsItsRoles() {
        String token = fresh("dave"); // an interviewer, not an admin
        for (int i = 0; i < 2; i++) {
            given().auth().oauth2(token).get("/api/admin/audit").then().statusCode(403)
                    .contentType("application/problem+json");
            given().auth().oauth2(token).get("/api/question-sets").then().statusCode(200);
        }
    }

    @Test
    void onlyTheExactTokenIsHonoured() {
        String genuine = token("alice");
        given().auth().oauth2(genuine).get("/api/me").then().statusCode(200);
        given().auth().oauth2(genuine).get("/api/me").then().statusCode(200);
        String[] parts = genuine.split("\\.");

        // The signature altered: refused, though the genuine token was honoured just before.
        char last = parts[2].charAt(parts[2].length() - 2);
        String badSignature = parts[0] + "." + parts[1] + "." + parts[2].substring(0, parts[2].length() - 2)
                + (last == 'A' ? 'B' : 'A') + parts[2].charAt(parts[2].length() - 1);
        given().auth().oauth2(badSignature).get("/api/me").then().statusCode(401)
                .contentType("application/problem+json");

        // The claims altered (alice made an admin), the genuine signature kept: refused.
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String forged = claims.replace("\"interviewer\"", "\"admin\",\"interviewer\"");
        assertFalse(forged.equals(claims), "the token lists alice's roles");
        String badClaims = parts[0] + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(forged.getBytes(StandardCharsets.UTF_8)) + "."
                + parts[2];
        given().auth().oauth2(badClaims).get("/api/admin/audit").then().statusCode(401);

        // A token for another audience never passes, however often it is sent.
        String other = token("alice", "demo-other-app");
        for (int i = 0; i < 2; i++) {
            given().auth().oauth2(other).get("/api/me").then().statusCode(401);
        }
    }

    @Test
    void anEntryLastsUntilTheTokensExpiryOrTheTimeToLiveWhicheverIsFirst() {
        TestClock clock = new TestClock();
        VerifiedTokens.Cache cache = new VerifiedTokens.Cache(clock, Duration.ofSeconds(60), 10);
        SecurityIdentity identity = QuarkusSecurityIdentity.builder().setPrincipal(() -> "bob").build();
        long now = clock.instant().getEpochSecond();
        try {
            cache.put("expires-in-10s", identity, now + 10);
            cache.put("expires-in-1h", identity, now + 3600);
            cache.put("expired", identity, now - 1);
            assertNull(cache.get("expired"), "an expired token is not remembered");
            assertNotNull(cache.get("expires-in-10s"));

            TestClock.advance(Duration.ofSeconds(11));
            assertNull(cache.get("expires-in-10s"), "gone at the token's expiry");
            assertNotNull(cache.get("expires-in-1h"));

            TestClock.advance(Duration.ofSeconds(50));
            assertNull(cache.get("expires-in-1h"), "gone after the time to live, though the token is still valid");
        } finally {
            TestClock.reset();
        }
    }

    @Test
    void aFullCacheForgetsRatherThanGrows() {
        TestClock clock = new TestClock();
        VerifiedTokens.Cache cache = new VerifiedTokens.Cache(clock, Duration.ofSeconds(60), 3);
        SecurityIdentity identity = QuarkusSecurityIdentity.builder().setPrincipal(() -> "bob").build();
        long later = clock.instant().getEpochSecond() + 3600;
        for (int i = 0; i < 10; i++) {
            cache.put("token-" + i, identity, later);
        }
        assertEquals(1, cache.size(), "cleared when full, then the newest");
        assertNotNull(cache.get("token-9"));
        assertFalse(new VerifiedTokens.Cache(clock, Duration.ZERO, 3).enabled(), "a time to live of 0 turns it off");
    }

    @Test
    void theRememberedIdentityHoldsNoRequest() {
        SecurityIdentity identity = QuarkusSecurityIdentity.builder().setPrincipal(() -> "bob")
                .addAttribute(VerifiedTokens.ROUTING_CONTEXT, new Object())
                .addAttribute(VerifiedTokens.REQUEST_CONTEXT, new Object()).addAttribute("tenant-id", "Default")
                .addRole("interviewer").addPermissionAsString("sessions:read").build();
        SecurityIdentity detached = VerifiedTokens.detached(identity);
        assertNull(detached.getAttribute(VerifiedTokens.ROUTING_CONTEXT));
        assertNull(detached.getAttribute(VerifiedTokens.REQUEST_CONTEXT));
        assertEquals("Default", detached.getAttribute("tenant-id"));
        assertEquals("bob", detached.getPrincipal().getName());
        assertEquals(identity.getRoles(), detached.getRoles());
        assertTrue(identity.checkPermissionBlocking(new StringPermission("sessions", "read")));
        assertTrue(detached.checkPermissionBlocking(new StringPermission("sessions", "read")));
        assertFalse(detached.checkPermissionBlocking(new StringPermission("sessions", "write")));
    }

    private double count(String result) {
        return registry.get("panel.security.bearer.tokens").tag("result", result).counter().count();
    }
}
