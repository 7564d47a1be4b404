package org.interviewpanel.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.interviewpanel.testsupport.ConsoleLogin;
import org.interviewpanel.testsupport.RawHttp;
import org.interviewpanel.testsupport.Sessions;
import org.interviewpanel.testsupport.Tokens;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Every guard holds whatever the path's spelling: matrix parameters, dot and empty segments, percent-encoded letters
 * or separators. Such paths are refused outright (400); the forgery check decides on the endpoint the request reached,
 * so even a spelling that got through could not skip it.
 */
@QuarkusTest
class PathNormalizationTest {

    /** Ways to spell an /api path that routing may read as the same endpoint. */
    static List<String> spellings(String path) {
        String rest = path.substring("/api".length());
        String encodedFirstLetter = "/%" + Integer.toHexString(rest.charAt(1)) + rest.substring(2);
        return List.of("/api;x=1" + rest, "/api;" + rest, "/api" + rest.replaceFirst("^/([^/]+)", "/$1;y"), "/" + path,
                "/." + path, "/%61pi" + rest, path + ";", path + ";jsessionid=1", "/api/." + rest, "/api/x/.." + rest,
                "/api%2f" + rest.substring(1), "/api%2F" + rest.substring(1), "/api/%2e" + rest,
                "/api\\" + rest.substring(1), "/api" + encodedFirstLetter);
    }

    @Test
    void aCookieOnlyCommandIsRefusedWhateverThePathSpelling() {
        Map<String, String> alice = ConsoleLogin.cookies("alice");
        String cookie = RawHttp.cookieHeader(alice);
        Sessions.Scheduled s = Sessions.schedule(1);
        String path = "/api/sessions/" + s.id() + "/cancel";
        for (String spelling : spellings(path)) {
            RawHttp.Reply reply = RawHttp.send("POST", spelling, Map.of("Cookie", cookie), null);
            assertThat(reply.status()).as("POST %s", spelling).isIn(400, 403, 404);
        }
        // The canonical path without the header is the forgery case: 403 csrf.
        RawHttp.Reply forged = RawHttp.send("POST", path, Map.of("Cookie", cookie), null);
        assertThat(forged.status()).isEqualTo(403);
        assertThat(forged.body()).contains("/problems/csrf");
        // Nothing happened to the session.
        Sessions.get("alice", s.id()).body("status", org.hamcrest.Matchers.equalTo("SCHEDULED"));
        // The console itself (the header, the canonical path) still works.
        RawHttp.Reply real = RawHttp.send("POST", path, Map.of("Cookie", cookie, "X-Requested-With", "JavaScript"), null);
        assertThat(real.status()).isEqualTo(200);
    }

    @Test
    void anApiSpellingNeverFallsIntoTheConsolesLoginRedirect() {
        for (String spelling : spellings("/api/me")) {
            RawHttp.Reply reply = RawHttp.send("GET", spelling, Map.of(), null);
            assertThat(reply.status()).as("GET %s", spelling).isIn(400, 401, 404);
        }
    }

    @Test
    void noSpellingGetsACacheableAnswer() {
        String bearer = "Bearer " + Tokens.token("alice");
        for (String spelling : spellings("/api/me")) {
            RawHttp.Reply reply = RawHttp.send("GET", spelling, Map.of("Authorization", bearer), null);
            // The HTTP codec itself answers some spellings with a bare 400, which no cache stores.
            if (reply.status() != 400 || !reply.body().isEmpty()) {
                assertThat(reply.header("Cache-Control")).as("GET %s", spelling).isEqualTo("no-store");
            }
        }
        Sessions.Scheduled s = Sessions.schedule(1);
        String cookie = RawHttp.cookieHeader(ConsoleLogin.cookies("alice"));
        for (String page : List.of("/sessions/" + s.id(), "/sessions/" + s.id() + "/debrief", "/sessions", "/")) {
            RawHttp.Reply reply = RawHttp.send("GET", page, Map.of("Cookie", cookie), null);
            assertThat(reply.status()).as(page).isIn(200, 403);
            assertThat(reply.header("Cache-Control")).as(page).isEqualTo("no-store");
        }
    }

    @Test
    void theCanonicalRuleItself() {
        assertThat(CanonicalPath.problem("/api/sessions/1")).isNull();
        assertThat(CanonicalPath.problem("/join/AbC-_09")).isNull();
        assertThat(CanonicalPath.problem("/questions/caf%C3%A9")).isNull();
        for (String odd : List.of("/api;x/y", "//api", "/./api", "/a/../b", "/%61pi", "/a%2fb", "/a%2Eb", "/a%00",
                "/a%zz", "/a%", "/a\\b", "/x/.", "/x/..")) {
            assertThat(CanonicalPath.problem(odd)).as(odd).isNotNull();
        }
    }
}
