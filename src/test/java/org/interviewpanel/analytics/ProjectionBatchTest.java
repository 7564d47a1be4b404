package org.interviewpanel.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.interviewpanel.events.Seat;
import org.interviewpanel.events.SessionEvent;
import org.interviewpanel.testsupport.CloudEventRecords;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The projection folds a batch before writing it ({@link JdbcBatch}): of the rows an upsert gets for one key, only the
 * one that would prevail is sent, so the driver can send multi-row inserts. Folding must leave exactly the facts that
 * applying the same events one at a time leaves: random sessions with revisions out of order (equal revisions too),
 * ratings cleared, scorecards before and after their ratings, two reschedules, two decisions, revisits, events twice in
 * the batch, shuffled — projected as one batch, then again event by event, each in its own transaction.
 */
@QuarkusTest
class ProjectionBatchTest {

    static final String POSITION = "Projection batch " + UUID.randomUUID().toString().substring(0, 8);

    @Inject
    ObjectMapper json;

    @Inject
    AnalyticsStore store;

    private final List<TopicRecord> records = new ArrayList<>();
    private final List<UUID> sessions = new ArrayList<>();

    @Test
    void aFoldedBatchLeavesTheFactsOfOneEventAtATime() throws Exception {
        Random random = new Random(7);
        for (int i = 0; i < 25; i++) {
            session(random);
        }
        List<TopicRecord> batch = new ArrayList<>(records);
        for (TopicRecord r : records) {
            if (random.nextInt(5) == 0) {
                batch.add(r); // delivered twice in the same batch
            }
        }
        Collections.shuffle(batch, random);

        Projector.Outcome together = store.applyInTransaction(batch);
        assertThat(together.applied()).isEqualTo(records.size());
        assertThat(together.duplicates()).isEqualTo(batch.size() - records.size());
        List<String> folded = facts();
        assertThat(folded).anyMatch(row -> row.startsWith("rating_fact")); // the comparison below compares something

        forget();
        int applied = 0;
        for (TopicRecord r : batch) {
            applied += store.applyInTransaction(List.of(r)).applied();
        }
        assertThat(applied).isEqualTo(records.size());
        assertThat(facts()).containsExactlyElementsOf(folded);
    }

    @Test
    void theHighestRevisionWinsAndTheScorecardOverAllInOneBatch() throws Exception {
        UUID id = UUID.randomUUID();
        UUID candidate = UUID.randomUUID();
        Instant at = Instant.parse("2026-04-01T10:00:00Z");
        sessions.add(id);
        List<Integer> revisions = List.of(2, 5, 1, 3);
        for (int revision : revisions) {
            add(id, new SessionEvent.RatingRecorded(id, candidate, "alice", Seat.PANEL, 1, "kafka/q1", 1, revision, false,
                    revision, at.plusSeconds(revision)));
            add(id, new SessionEvent.RatingRecorded(id, candidate, "bob", Seat.PANEL, 1, "kafka/q1", 1, revision, false,
                    revision, at.plusSeconds(revision)));
        }
        add(id, new SessionEvent.ScorecardSubmitted(id, candidate, "bob", Seat.PANEL, "YES",
                List.of(new SessionEvent.ScorecardSubmitted.FinalRating(1, "kafka/q1", 1, 4)), at.plusSeconds(60)));
        add(id, new SessionEvent.RatingRecorded(id, candidate, "bob", Seat.PANEL, 1, "kafka/q1", 1, 1, false, 9,
                at.plusSeconds(90)));
        store.applyInTransaction(records);
        assertThat(facts()).contains("rating_fact|alice|1|5|5|f|f", "rating_fact|bob|1|4|2147483647|t|f");
    }

    /** A session's events as the application would write them, with the awkward parts the topic allows. */
    private void session(Random random) throws Exception {
        UUID id = UUID.randomUUID();
        UUID candidate = UUID.randomUUID();
        sessions.add(id);
        Instant at = Instant.parse("2026-03-02T09:00:00Z").plus(random.nextInt(60), ChronoUnit.DAYS);
        int itemCount = 2 + random.nextInt(3);
        List<SessionEvent.SessionScheduled.Item> items = new ArrayList<>();
        for (int i = 1; i <= itemCount; i++) {
            items.add(new SessionEvent.SessionScheduled.Item(i, "kafka/q" + i, 1, "Question " + i + "?", "kafka/basics",
                    8));
        }
        List<String> panel = List.of("pb1", "pb2", "pb3");
        List<SessionEvent.SessionScheduled.Panelist> members = new ArrayList<>();
        for (String p : panel) {
            members.add(new SessionEvent.SessionScheduled.Panelist(p, p.equals("pb1"),
                    p.equals("pb3") ? Seat.SHADOW : Seat.PANEL));
        }
        add(id, new SessionEvent.SessionScheduled(id, candidate, POSITION,
                UUID.nameUUIDFromBytes(POSITION.getBytes(StandardCharsets.UTF_8)),
                "Set", items, members, at, at.minus(2, ChronoUnit.DAYS)));
        for (int sequence = 1, reschedules = random.nextInt(3); sequence <= reschedules; sequence++) {
            add(id, new SessionEvent.SessionRescheduled(id, candidate, at.plus(sequence, ChronoUnit.DAYS), at, 60, sequence,
                    "hana", at.minus(1, ChronoUnit.DAYS)));
        }
        add(id, new SessionEvent.SessionStarted(id, candidate, "pb1", at));
        Instant t = at;
        for (int visit = 0, visits = random.nextInt(itemCount + 2); visit < visits; visit++) {
            t = t.plusSeconds(60 + random.nextInt(600));
            int position = 1 + random.nextInt(itemCount);
            add(id, new SessionEvent.QuestionAsked(id, candidate, position, itemCount, "kafka/q" + position, 1, t));
        }
        for (String p : panel) {
            Seat seat = p.equals("pb3") ? Seat.SHADOW : Seat.PANEL;
            List<SessionEvent.ScorecardSubmitted.FinalRating> finals = new ArrayList<>();
            for (int i = 1; i <= itemCount; i++) {
                for (int r = 1, revisions = random.nextInt(4); r <= revisions; r++) {
                    Integer given = random.nextInt(5) == 0 ? null : Integer.valueOf(1 + random.nextInt(5));
                    // now and then two events carry one revision: the first applied stays
                    int revision = random.nextInt(6) == 0 ? Math.max(1, r - 1) : r;
                    add(id, new SessionEvent.RatingRecorded(id, candidate, p, seat, i, "kafka/q" + i, 1, given, false,
                            revision, t.plusSeconds(r)));
                }
                if (random.nextInt(4) != 0) {
                    finals.add(new SessionEvent.ScorecardSubmitted.FinalRating(i, "kafka/q" + i, 1, 1 + random.nextInt(5)));
                }
            }
            if (random.nextInt(4) != 0) {
                add(id, new SessionEvent.ScorecardSubmitted(id, candidate, p, seat, "YES", finals,
                        t.plus(30, ChronoUnit.MINUTES)));
            }
        }
        add(id, new SessionEvent.SessionEnded(id, candidate, "pb1", t.plus(10, ChronoUnit.MINUTES)));
        if (random.nextBoolean()) {
            add(id, new SessionEvent.DecisionRecorded(id, candidate, "HOLD", "hana", t.plus(1, ChronoUnit.HOURS)));
            add(id, new SessionEvent.DecisionRecorded(id, candidate, "HIRE", "hana", t.plus(2, ChronoUnit.HOURS)));
        }
    }

    private void add(UUID session, SessionEvent event) throws Exception {
        ProducerRecord<String, byte[]> r = CloudEventRecords.event(session.toString(), event.type().ceType(),
                json.writeValueAsString(event));
        records.add(new TopicRecord(r.key(), r.headers(), r.value(), 0, records.size()));
    }

    /** Every fact row of this test's sessions, as text, in a fixed order (the session as its index here). */
    private List<String> facts() throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = store.connection()) {
            read(c, rows, "session_fact", "candidate_ref, position, question_set_id, panel_size, item_count, "
                    + "scheduled_at, schedule_sequence, started_at, ended_at, cancelled_at, decided_at, decision, "
                    + "candidate_erased", "");
            read(c, rows, "item_fact", "position, question_key, question_version, question_text, category, minutes",
                    "position");
            read(c, rows, "ask_fact", "position, asked_at", "asked_at, position");
            read(c, rows, "panelist_fact", "username, lead, shadow, submitted_at, recommendation", "username");
            read(c, rows, "rating_fact", "username, position, rating, revision, final, shadow", "username, position");
        }
        return rows;
    }

    private void read(Connection c, List<String> rows, String table, String columns, String order) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select session_id, " + columns + " from analytics." + table
                + " where session_id = any(?) order by session_id" + (order.isEmpty() ? "" : ", " + order))) {
            ps.setArray(1, c.createArrayOf("uuid", sessions.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                int n = rs.getMetaData().getColumnCount();
                List<String> unordered = new ArrayList<>();
                while (rs.next()) {
                    StringBuilder row = new StringBuilder(table);
                    for (int i = 2; i <= n; i++) {
                        row.append('|').append(rs.getString(i));
                    }
                    unordered.add(sessions.indexOf(rs.getObject(1, UUID.class)) + " " + row);
                }
                Collections.sort(unordered);
                unordered.forEach(r -> rows.add(r.substring(r.indexOf(' ') + 1)));
            }
        }
    }

    /** Removes this test's facts and the processed-event log of its events, as if they had never come. */
    private void forget() throws SQLException {
        try (Connection c = store.connection()) {
            c.setAutoCommit(false);
            for (String table : List.of("session_fact", "item_fact", "ask_fact", "panelist_fact", "rating_fact")) {
                try (PreparedStatement ps = c
                        .prepareStatement("delete from analytics." + table + " where session_id = any(?)")) {
                    ps.setArray(1, c.createArrayOf("uuid", sessions.toArray()));
                    ps.executeUpdate();
                }
            }
            try (PreparedStatement ps = c.prepareStatement("delete from analytics.processed_event where event_id = any(?)")) {
                List<UUID> ids = new ArrayList<>();
                for (TopicRecord r : records) {
                    ids.add(UUID.fromString(new String(r.headers().lastHeader("ce_id").value())));
                }
                ps.setArray(1, c.createArrayOf("uuid", ids.toArray()));
                ps.executeUpdate();
            }
            c.commit();
        }
    }
}
