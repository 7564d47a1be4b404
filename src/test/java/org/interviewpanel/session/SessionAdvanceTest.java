package org.interviewpanel.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.interviewpanel.testsupport.Scoring.decide;
import static org.interviewpanel.testsupport.Scoring.liveSession;
import static org.interviewpanel.testsupport.Scoring.submit;
import static org.interviewpanel.testsupport.Sessions.act;
import static org.interviewpanel.testsupport.Sessions.advance;

import java.lang.reflect.Field;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.interviewpanel.testsupport.AppDatabase;
import org.interviewpanel.testsupport.EventContract;
import org.interviewpanel.testsupport.EventStream;
import org.interviewpanel.testsupport.Management;
import org.interviewpanel.testsupport.Sessions;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The lead's move to another question, written as a plain JDBC transaction ({@link SessionLifecycle#advance}): it reads
 * the session as Hibernate does, answers with the view a read gives, and writes the same event as the transactional way.
 */
@QuarkusTest
class SessionAdvanceTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    EntityManager em;

    @Inject
    SessionLifecycle lifecycle;

    /** Every field Hibernate maps is read by {@link SessionRows}, to the same value, on a session with most columns set. */
    @Test
    void aSessionRowReadPlainlyHasEveryFieldHibernateReads() throws Exception {
        String id = liveSession();
        advance("alice", id, "3").statusCode(200);
        act("alice", id, "end").statusCode(200);
        submit("bob", id, "YES").statusCode(200);
        decide("hana", id, Map.of("decision", "HIRE", "rationale", "a rationale")).statusCode(200);

        InterviewSession mapped = QuarkusTransaction.requiringNew().call(() -> {
            InterviewSession found = em.find(InterviewSession.class, UUID.fromString(id));
            em.detach(found);
            return found;
        });
        InterviewSession plain;
        try (Connection c = AppDatabase.connect();
                PreparedStatement read = c.prepareStatement(
                        "select " + SessionRows.COLUMNS + " from interview_session s where s.id = ?")) {
            read.setObject(1, UUID.fromString(id));
            try (ResultSet rs = read.executeQuery()) {
                assertThat(rs.next()).isTrue();
                plain = SessionRows.read(rs);
            }
        }
        assertThat(SessionRows.COUNT).as("every attribute Hibernate maps, and no more")
                .isEqualTo(em.getMetamodel().entity(InterviewSession.class).getAttributes().size());
        int compared = 0;
        for (Field field : SessionRows.FIELDS) {
            assertThat(Objects.deepEquals(field.get(plain), field.get(mapped)))
                    .as("%s: %s read plainly, %s by Hibernate", field.getName(), field.get(plain), field.get(mapped))
                    .isTrue();
            compared += field.get(mapped) == null ? 0 : 1;
        }
        assertThat(compared).as("fields with a value, compared").isGreaterThanOrEqualTo(20);
        assertThat(plain.askedPositions).containsExactly(1, 3);
    }

    /**
     * The lead's move over HTTP is written the plain way and answers with what a read of the session then shows; a move
     * inside a caller's transaction takes the transactional way; both write the same event.
     */
    @Test
    void theLeadsMoveIsWrittenPlainlyWithTheSameEventAndView() throws Exception {
        try (EventStream stream = new EventStream()) {
            String plain = liveSession();
            String other = liveSession();
            double plainBefore = advances("plain");
            double transactionBefore = advances("transaction");

            Map<String, Object> answered = advance("alice", plain, "next").statusCode(200).extract().jsonPath()
                    .getMap("$");
            Map<String, Object> read = Sessions.get("alice", plain).statusCode(200).extract().jsonPath().getMap("$");
            assertThat(answered).isEqualTo(read);
            assertThat(answered.get("linkActive")).isEqualTo(true);

            Viewer alice = new Viewer("alice", "Alice", true, false);
            QuarkusTransaction.requiringNew().run(() -> lifecycle.advance(UUID.fromString(other), "next", alice));
            await().atMost(Duration.ofSeconds(10)).until(() -> advances("plain") == plainBefore + 1
                    && advances("transaction") == transactionBefore + 1);

            JsonNode plainEvent = asked(stream, plain);
            JsonNode otherEvent = asked(stream, other);
            assertThat(fieldNames(plainEvent)).isEqualTo(fieldNames(otherEvent));
            for (String field : List.of("position", "total", "questionKey", "questionVersion")) {
                assertThat(plainEvent.path(field)).as(field).isEqualTo(otherEvent.path(field));
            }
            assertThat(plainEvent.path("position").asInt()).isEqualTo(2);
            assertThat(plainEvent.path("sessionId").asText()).isEqualTo(plain);
        }
    }

    /**
     * After a plain move this instance knows the session's state, and the next move is one statement from it; once the
     * session moved another way, the known state is stale: that statement writes nothing, and the locked way moves it
     * from the stored state (or refuses, from the stored state).
     */
    @Test
    void theNextMoveIsOneStatementUntilTheSessionMovedAnotherWay() {
        String id = liveSession();
        int started = Sessions.get("alice", id).extract().jsonPath().getInt("version");
        advance("alice", id, "2").statusCode(200); // the locked way: nothing known yet
        double oneStatement = advances("one-statement");
        double plain = advances("plain");

        Map<String, Object> answered = advance("alice", id, "3").statusCode(200).extract().jsonPath().getMap("$");
        assertThat(answered).isEqualTo(Sessions.get("alice", id).extract().jsonPath().getMap("$"));
        assertThat(advances("one-statement")).isEqualTo(oneStatement + 1);
        assertThat(advances("plain")).isEqualTo(plain);

        // moved another way (in a caller's transaction, so the transactional way): what this instance knows is stale
        Viewer alice = new Viewer("alice", "Alice", true, false);
        QuarkusTransaction.requiringNew().run(() -> lifecycle.advance(UUID.fromString(id), "1", alice));
        // from the known state (at 3) a move to 1 would be allowed and to 3 refused; the stored state (at 1) decides
        advance("alice", id, "1").statusCode(409);
        advance("alice", id, "3").statusCode(200).body("currentItem.position", org.hamcrest.Matchers.equalTo(3))
                .body("askedPositions", org.hamcrest.Matchers.contains(1, 2, 3));
        advance("alice", id, "previous").statusCode(200).body("currentItem.position", org.hamcrest.Matchers.equalTo(2));
        assertThat(advances("one-statement")).as("the move after the stale one, from the state it wrote")
                .isEqualTo(oneStatement + 2);
        assertThat(advances("plain")).as("the stale known state's move, by the locked way").isEqualTo(plain + 1);
        assertThat(Sessions.get("alice", id).extract().jsonPath().getInt("version")).as("five moves")
                .isEqualTo(started + 5);
    }

    /** A move the state machine refuses is refused the plain way too (409), and writes nothing. */
    @Test
    void aRefusedMoveWritesNothing() {
        String id = liveSession();
        int version = Sessions.get("alice", id).extract().jsonPath().getInt("version");
        advance("alice", id, "1").statusCode(409);
        advance("alice", id, "4").statusCode(409);
        advance("bob", id, "next").statusCode(403);
        assertThat(Sessions.get("alice", id).extract().jsonPath().getInt("version")).isEqualTo(version);
        assertThat(Sessions.get("alice", id).extract().jsonPath().getInt("currentItem.position")).isEqualTo(1);
    }

    private static JsonNode asked(EventStream stream, String id) throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> stream.forSession(id).stream()
                .filter(e -> e.type().endsWith("question.asked.v1")).count() == 2);
        EventStream.Event event = stream.forSession(id).stream().filter(e -> e.type().endsWith("question.asked.v1"))
                .reduce((first, second) -> second).orElseThrow();
        EventContract.assertValid(event);
        return JSON.readTree(event.value());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names.stream().sorted().toList();
    }

    private static double advances(String written) {
        String metrics = Management.given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(l -> l.startsWith("panel_session_advances_total{")
                && l.contains("written=\"" + written + "\"")).findFirst()
                .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).orElse(0.0);
    }
}
