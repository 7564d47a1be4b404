package org.interviewpanel.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.interviewpanel.testsupport.Scoring.clear;
import static org.interviewpanel.testsupport.Scoring.decide;
import static org.interviewpanel.testsupport.Scoring.get;
import static org.interviewpanel.testsupport.Scoring.liveSession;
import static org.interviewpanel.testsupport.Scoring.rate;
import static org.interviewpanel.testsupport.Scoring.submit;
import static org.interviewpanel.testsupport.Sessions.act;
import static org.interviewpanel.testsupport.Tokens.token;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.interviewpanel.session.Viewer;
import org.interviewpanel.testsupport.AppDatabase;
import org.interviewpanel.testsupport.EventContract;
import org.interviewpanel.testsupport.EventStream;
import org.interviewpanel.testsupport.LiveClient;
import org.interviewpanel.testsupport.Scoring;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;

/** Scoring's events on the real topic, the live room's progress counts, and a rating racing the submission. */
@QuarkusTest
class ScoringEventsTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    ScoringService scoring;

    static List<EventStream.Event> awaitEvents(EventStream stream, String id, String lastType) {
        await().atMost(Duration.ofSeconds(30)).until(() -> stream.forSession(id).stream()
                .anyMatch(e -> e.type().equals(lastType)));
        return stream.forSession(id);
    }

    static JsonNode body(EventStream.Event e) throws Exception {
        return JSON.readTree(e.value());
    }

    /** A session alice ended after bob's first rating (1 for question 1): his scorecard row exists. */
    static String endedAfterBobsFirstRating() {
        String id = liveSession();
        rate("bob", id, 1, Map.of("rating", 1)).statusCode(200);
        act("alice", id, "end").statusCode(200);
        return id;
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    static String panelist(EventStream.Event e) {
        try {
            return body(e).path("panelist").asText();
        } catch (Exception invalid) {
            throw new IllegalStateException(invalid);
        }
    }

    @Test
    void everyChangeIsAnEventInOrderWithoutNotes() throws Exception {
        try (EventStream stream = new EventStream()) {
            String id = liveSession();
            rate("bob", id, 1, Map.of("rating", 4, "note", "secret-note-text")).statusCode(200);
            rate("bob", id, 1, Map.of("rating", 4, "note", "secret-note-text")).statusCode(200); // a repeat: no event
            rate("bob", id, 1, Map.of("rating", 2)).statusCode(200);
            rate("bob", id, 2, Map.of("rating", 5)).statusCode(200);
            clear("bob", id, 2).statusCode(204);
            act("alice", id, "end").statusCode(200);
            submit("bob", id, "NO").statusCode(200);
            decide("hana", id, Map.of("decision", "NO_HIRE", "rationale", "rationale-text-stays-home")).statusCode(200);

            List<EventStream.Event> events = awaitEvents(stream, id, "interviewpanel.decision.recorded.v1");
            assertThat(events.stream().map(EventStream.Event::type)).containsExactly(
                    "interviewpanel.session.scheduled.v1", "interviewpanel.session.started.v1",
                    "interviewpanel.question.asked.v1", "interviewpanel.rating.recorded.v1",
                    "interviewpanel.rating.recorded.v1", "interviewpanel.rating.recorded.v1",
                    "interviewpanel.rating.recorded.v1", "interviewpanel.session.ended.v1",
                    "interviewpanel.scorecard.submitted.v1", "interviewpanel.decision.recorded.v1");
            for (EventStream.Event e : events) {
                EventContract.assertValid(e);
                assertThat(e.value()).doesNotContain("secret-note-text").doesNotContain("rationale-text-stays-home");
            }
            List<JsonNode> ratings = new ArrayList<>();
            for (EventStream.Event e : events) {
                if (e.type().endsWith("rating.recorded.v1")) {
                    ratings.add(body(e));
                }
            }
            assertThat(ratings.get(0).path("rating").asInt()).isEqualTo(4);
            assertThat(ratings.get(0).path("hasNote").asBoolean()).isTrue();
            assertThat(ratings.get(0).path("revision").asInt()).isEqualTo(1);
            assertThat(ratings.get(1).path("rating").asInt()).isEqualTo(2);
            assertThat(ratings.get(1).path("revision").asInt()).isEqualTo(2);
            assertThat(ratings.get(2).path("position").asInt()).isEqualTo(2);
            assertThat(ratings.get(3).path("rating").isNull()).as("a cleared rating is an event with null").isTrue();
            assertThat(ratings.get(3).path("panelist").asText()).isEqualTo("bob");
            assertThat(ratings.get(0).path("questionKey").asText()).startsWith("kafka/");
            // The first rating's event is written in a transaction from the serialized event; a change after it in one
            // statement that completes its template from the rows it read: the same fields, the same values.
            assertThat(fieldNames(ratings.get(1))).containsExactlyInAnyOrderElementsOf(fieldNames(ratings.get(0)));
            for (String same : List.of("sessionId", "candidateRef", "panelist", "seat", "position", "questionKey",
                    "questionVersion")) {
                assertThat(ratings.get(1).path(same)).as(same).isEqualTo(ratings.get(0).path(same));
            }
            assertThat(ratings.get(1).path("candidateRef").asText()).hasSize(36);
            assertThat(ratings.get(1).path("seat").asText()).isEqualTo("PANEL");
            assertThat(ratings.get(1).path("questionVersion").asInt()).isPositive();

            JsonNode card = body(events.get(8));
            assertThat(card.path("recommendation").asText()).isEqualTo("NO");
            assertThat(card.path("ratings")).hasSize(1);
            assertThat(card.path("ratings").get(0).path("position").asInt()).isEqualTo(1);
            assertThat(card.path("ratings").get(0).path("rating").asInt()).isEqualTo(2);
            // written by a plain JDBC transaction from the rows it read: the same question, candidate and seat
            assertThat(card.path("ratings").get(0).path("questionKey")).isEqualTo(ratings.get(1).path("questionKey"));
            assertThat(card.path("ratings").get(0).path("questionVersion"))
                    .isEqualTo(ratings.get(1).path("questionVersion"));
            assertThat(card.path("candidateRef")).isEqualTo(ratings.get(0).path("candidateRef"));
            assertThat(card.path("seat").asText()).isEqualTo("PANEL");
            assertThat(card.path("panelist").asText()).isEqualTo("bob");
            JsonNode decision = body(events.get(9));
            assertThat(decision.path("decision").asText()).isEqualTo("NO_HIRE");
            assertThat(decision.path("decidedBy").asText()).isEqualTo("hana");
        }
    }

    /**
     * A submission over HTTP is a plain JDBC transaction that writes its event's final ratings from the rows it reads in
     * SQL; one in a caller's transaction takes the transactional way, which builds them in Java. With the same ratings
     * (one cleared, one with a note, one never given) both write the same final ratings and answer with the same ratings;
     * a panelist who never rated submits none.
     */
    @Test
    void aPlainSubmissionWritesWhatTheTransactionalWayWrites() throws Exception {
        try (EventStream stream = new EventStream()) {
            String id = liveSession();
            for (String panelist : List.of("bob", "carol")) {
                rate(panelist, id, 1, Map.of("rating", 3)).statusCode(200);
                rate(panelist, id, 2, Map.of("rating", 5)).statusCode(200);
                clear(panelist, id, 2).statusCode(204);
                rate(panelist, id, 3, Map.of("rating", 4, "note", "kept")).statusCode(200);
                rate(panelist, id, 1, Map.of("rating", 2)).statusCode(200);
            }
            act("alice", id, "end").statusCode(200);
            JsonNode plain = JSON.readTree(submit("bob", id, "YES").statusCode(200).extract().asString());
            ScoringDtos.ScorecardView transactional = QuarkusTransaction.requiringNew()
                    .call(() -> scoring.submit(UUID.fromString(id),
                            new ScoringDtos.Submit(Recommendation.YES, "carol sums up"),
                            new Viewer("carol", "Carol", true, false)));
            JsonNode never = JSON.readTree(submit("alice", id, "NO").statusCode(200).extract().asString());

            assertThat(plain.path("ratings")).hasSize(3);
            for (int i = 0; i < 3; i++) {
                JsonNode answered = plain.path("ratings").get(i);
                ScoringDtos.RatingView expected = transactional.ratings().get(i);
                assertThat(answered.path("position").asInt()).isEqualTo(expected.position());
                assertThat(answered.hasNonNull("rating") ? answered.path("rating").asInt() : null)
                        .isEqualTo(expected.rating());
                assertThat(answered.hasNonNull("note") ? answered.path("note").asText() : null)
                        .isEqualTo(expected.note());
                assertThat(answered.path("revision").asInt()).isEqualTo(expected.revision());
                assertThat(answered.hasNonNull("updatedAt")).isTrue();
            }
            assertThat(plain.path("rated").asInt()).isEqualTo(transactional.rated()).isEqualTo(2);
            assertThat(plain.path("items").asInt()).isEqualTo(transactional.items()).isEqualTo(3);
            assertThat(never.path("ratings")).isEmpty();
            assertThat(never.path("rated").asInt()).isZero();

            await().atMost(Duration.ofSeconds(30)).until(() -> stream.forSession(id).stream()
                    .filter(e -> e.type().endsWith("scorecard.submitted.v1")).count() == 3);
            Map<String, JsonNode> cards = new HashMap<>();
            for (EventStream.Event e : stream.forSession(id)) {
                if (e.type().endsWith("scorecard.submitted.v1")) {
                    EventContract.assertValid(e);
                    cards.put(panelist(e), body(e));
                }
            }
            assertThat(cards.get("bob").path("ratings")).isEqualTo(cards.get("carol").path("ratings")).hasSize(2);
            assertThat(cards.get("bob").path("ratings").get(0).path("rating").asInt()).isEqualTo(2);
            assertThat(cards.get("bob").path("ratings").get(1).path("position").asInt()).isEqualTo(3);
            assertThat(fieldNames(cards.get("bob"))).containsExactlyInAnyOrderElementsOf(fieldNames(cards.get("carol")));
            assertThat(cards.get("alice").path("ratings").isArray()).isTrue();
            assertThat(cards.get("alice").path("ratings")).isEmpty();
        }
    }

    /**
     * The lock a rating takes is the scorecard's, in the same statement that reads the session (a panelist's every rating
     * after the first): while a submission holds that row, the rating waits, and once the submission commits it is
     * refused. The race above covers the same rule by chance; this covers it every time.
     */
    @Test
    void aRatingWaitsForTheSubmissionHoldingTheScorecardAndIsThenRefused() throws Exception {
        String id = endedAfterBobsFirstRating();
        String bob = token("bob");
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (Connection submission = AppDatabase.connect()) {
            submission.setAutoCommit(false);
            // What a submission in progress holds: bob's scorecard row, locked.
            try (PreparedStatement lock = submission.prepareStatement(
                    "select 1 from scorecard where session_id = ? and username = 'bob' for update")) {
                lock.setObject(1, UUID.fromString(id));
                assertThat(lock.executeQuery().next()).isTrue();
            }
            Future<Integer> put = pool.submit(() -> io.restassured.RestAssured.given().auth().oauth2(bob)
                    .contentType("application/json").body(Map.of("rating", 5))
                    .put("/api/sessions/" + id + "/ratings/1").statusCode());
            await().atMost(Duration.ofSeconds(30)).until(() -> put.isDone() || blockedBy(submission) > 0);
            assertThat(put.isDone()).as("the rating waits for the scorecard's lock instead of writing past it")
                    .isFalse();
            try (PreparedStatement done = submission.prepareStatement("update scorecard set submitted_at = now(), "
                    + "recommendation = 'YES', summary = 'held' where session_id = ? and username = 'bob'")) {
                done.setObject(1, UUID.fromString(id));
                assertThat(done.executeUpdate()).isEqualTo(1);
            }
            submission.commit();
            assertThat(put.get(30, TimeUnit.SECONDS)).isEqualTo(409);
        } finally {
            pool.shutdownNow();
        }
        assertThat(Scoring.get("bob", id, "scorecard").extract().jsonPath().getInt("ratings[0].rating")).isEqualTo(1);
    }

    /**
     * The other side of that lock: a rating that holds the scorecard while a submission waits for it. The submission must
     * carry the rating as committed, not as it was when the submission's first statement started (a statement reads with
     * its starting snapshot even after waiting for a lock; stop 37's one-statement read missed it, the race above caught
     * it by chance). Here the test is the rating: it locks bob's scorecard as a rating does, changes his rating, lets the
     * submission queue behind it, then commits.
     */
    @Test
    void aSubmissionWaitingForARatingCarriesTheRatingAsCommitted() throws Exception {
        try (EventStream stream = new EventStream()) {
            String id = endedAfterBobsFirstRating();
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try (Connection rating = AppDatabase.connect()) {
                rating.setAutoCommit(false);
                try (PreparedStatement lock = rating.prepareStatement(
                        "select 1 from scorecard where session_id = ? and username = 'bob' for update");
                        PreparedStatement change = rating.prepareStatement("update rating set rating = 4, "
                                + "revision = revision + 1 where session_id = ? and username = 'bob' and position = 1")) {
                    lock.setObject(1, UUID.fromString(id));
                    assertThat(lock.executeQuery().next()).isTrue();
                    change.setObject(1, UUID.fromString(id));
                    assertThat(change.executeUpdate()).isEqualTo(1);
                }
                Future<ExtractableResponse<Response>> submitted = pool
                        .submit(() -> submit("bob", id, "YES").extract());
                await().atMost(Duration.ofSeconds(30)).until(() -> submitted.isDone() || blockedBy(rating) > 0);
                assertThat(submitted.isDone()).as("the submission waits for the rating holding the scorecard").isFalse();
                rating.commit();
                var answer = submitted.get(30, TimeUnit.SECONDS);
                assertThat(answer.statusCode()).isEqualTo(200);
                assertThat(answer.jsonPath().getInt("ratings[0].rating")).isEqualTo(4);
            } finally {
                pool.shutdownNow();
            }
            List<EventStream.Event> events = awaitEvents(stream, id, "interviewpanel.scorecard.submitted.v1");
            JsonNode card = body(events.get(events.size() - 1));
            assertThat(card.path("ratings")).hasSize(1);
            assertThat(card.path("ratings").get(0).path("rating").asInt()).isEqualTo(4);
        }
    }

    /** How many other backends wait for a lock this connection holds. */
    private static int blockedBy(Connection c) throws Exception {
        try (Statement st = c.createStatement();
                ResultSet rows = st.executeQuery(
                        "select count(*) from pg_stat_activity where pg_backend_pid() = any(pg_blocking_pids(pid))")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    @Test
    void aRatingRacingTheSubmissionIsEitherInOrRefused() throws Exception {
        try (EventStream stream = new EventStream()) {
            String id = endedAfterBobsFirstRating();
            ExecutorService pool = Executors.newFixedThreadPool(6);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> puts = new ArrayList<>();
            String bob = token("bob");
            for (int i = 0; i < 40; i++) {
                int value = 1 + i % 5;
                int position = 1 + i % 3;
                puts.add(pool.submit(() -> {
                    go.await();
                    return io.restassured.RestAssured.given().auth().oauth2(bob).contentType("application/json")
                            .body(Map.of("rating", value)).put("/api/sessions/" + id + "/ratings/" + position)
                            .statusCode();
                }));
            }
            Future<Integer> submitted = pool.submit(() -> {
                go.await();
                return submit("bob", id, "YES").extract().statusCode();
            });
            go.countDown();
            assertThat(submitted.get()).isEqualTo(200);
            for (Future<Integer> put : puts) {
                assertThat(put.get()).isIn(200, 409);
            }
            pool.shutdown();

            // The submission's final ratings are exactly what is stored, and no rating event follows it.
            List<EventStream.Event> events = awaitEvents(stream, id, "interviewpanel.scorecard.submitted.v1");
            int submittedAt = -1;
            for (int i = 0; i < events.size(); i++) {
                if (events.get(i).type().endsWith("scorecard.submitted.v1")) {
                    submittedAt = i;
                }
            }
            JsonNode finals = body(events.get(submittedAt)).path("ratings");
            var stored = Scoring.get("bob", id, "scorecard").extract().jsonPath()
                    .<Map<String, Object>> getList("ratings");
            assertThat(finals).hasSize((int) stored.stream().filter(r -> r.get("rating") != null).count());
            for (JsonNode f : finals) {
                assertThat(stored).anySatisfy(r -> {
                    assertThat(r.get("position")).isEqualTo(f.path("position").asInt());
                    assertThat(r.get("rating")).isEqualTo(f.path("rating").asInt());
                });
            }
            // A marker after the race: one session's events keep their order, so any rating of bob's committed after
            // the submission would arrive before carol's.
            rate("carol", id, 1, Map.of("rating", 3)).statusCode(200);
            await().atMost(Duration.ofSeconds(30)).until(() -> stream.forSession(id).stream()
                    .anyMatch(e -> panelist(e).equals("carol")));
            List<EventStream.Event> after = stream.forSession(id);
            assertThat(after.subList(submittedAt + 1, after.size()))
                    .filteredOn(e -> e.type().endsWith("rating.recorded.v1"))
                    .allMatch(e -> panelist(e).equals("carol"));
        }
    }

    @Test
    void theRoomGetsProgressCountsNeverValues() throws Exception {
        String id = liveSession();
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        try (LiveClient carol = LiveClient.panel(port, id, token("carol"))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> !carol.frames("snapshot").isEmpty());
            assertThat(carol.frames("snapshot").get(0).path("data").path("progress").path("panelSize").asInt())
                    .isEqualTo(3);
            rate("alice", id, 1, Map.of("rating", 5, "note", "alice-ws-note")).statusCode(200);
            rate("bob", id, 1, Map.of("rating", 2, "note", "bob-ws-note")).statusCode(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> carol.frames("progress").stream()
                    .anyMatch(f -> f.path("data").path("items").get(0).path("rated").asInt() == 2));
            act("alice", id, "end").statusCode(200);
            submit("bob", id, "NO").statusCode(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> carol.frames("progress").stream()
                    .anyMatch(f -> f.path("data").path("submitted").toString().contains("bob")));
            for (JsonNode frame : carol.frames()) {
                String text = frame.toString();
                assertThat(text).doesNotContain("ws-note").doesNotContain("\"rating\"")
                        .doesNotContain("recommendation");
            }
        }
    }
}
