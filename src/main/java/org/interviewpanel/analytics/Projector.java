package org.interviewpanel.analytics;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.interviewpanel.events.EventReader;
import org.interviewpanel.events.EventType;
import org.interviewpanel.events.ReceivedEvent;
import org.interviewpanel.events.UnreadableEvent;

/**
 * Applies a batch of topic records to the analytics tables in the caller's transaction. Records are read and validated
 * by {@link EventReader}; the processed-event log is written in the same transaction as the change, so redelivered,
 * replayed or interleaved events (the live consumer and a rebuild at once) leave the same tables. A record that cannot
 * be read comes back as a dead letter with the reason.
 */
@ApplicationScoped
public class Projector {

    /** A record that cannot be projected, and why. */
    public record DeadLetter(TopicRecord record, String reason) {
    }

    /** What a batch did. */
    public record Outcome(int applied, int duplicates, int ignored, List<DeadLetter> deadLetters) {
    }

    @Inject
    EventReader reader;

    /**
     * A batch read and validated, not yet applied. Reading needs no database, so a replay reads the next batch while the
     * one before is written. {@code marks}: applying it marks the sessions it changes for the statistics refresher; a
     * rebuild's batches do not (it marks every session once, after the replay: {@link SessionStats#markBacklog}).
     */
    public record Read(List<TopicRecord> records, List<ReceivedEvent> events, int ignored, List<DeadLetter> dead,
            boolean marks) {

        /** The same batch, applied without marking its sessions. */
        public Read unmarked() {
            return new Read(records, events, ignored, dead, false);
        }
    }

    /** Reads and validates a batch's records: the events to apply, those ignored, and the dead letters with why. */
    public Read read(List<TopicRecord> batch) {
        List<DeadLetter> dead = new ArrayList<>();
        List<ReceivedEvent> events = new ArrayList<>();
        int ignored = 0;
        for (TopicRecord record : batch) {
            try {
                Optional<ReceivedEvent> event = reader.read(record.key(), record.headers(), record.value(), true);
                if (event.isEmpty()) {
                    ignored++;
                } else {
                    events.add(event.get());
                }
            } catch (UnreadableEvent e) {
                dead.add(new DeadLetter(record, e.getMessage()));
            }
        }
        return new Read(batch, events, ignored, dead, true);
    }

    /** Applies a batch in the connection's current transaction; the caller commits. */
    public Outcome apply(Connection c, List<TopicRecord> batch) throws SQLException {
        return apply(c, read(batch));
    }

    /** Applies a batch already read ({@link #read}) in the connection's current transaction; the caller commits. */
    public Outcome apply(Connection c, Read batch) throws SQLException {
        List<ReceivedEvent> events = batch.events();
        List<ReceivedEvent> fresh = firstSeen(c, events);
        if (batch.marks()) {
            SessionStats.mark(c, sessionsChanged(fresh)); // before the facts: the lock order the refresher relies on
        }
        JdbcBatch statements = new JdbcBatch(c);
        Projection.supersessions(statements);
        for (ReceivedEvent e : fresh) {
            Projection.project(statements, e);
        }
        statements.execute();
        return new Outcome(fresh.size(), events.size() - fresh.size(), batch.ignored(), batch.dead());
    }

    /** The sessions whose statistics the events may change (presence changes none). */
    private static Set<UUID> sessionsChanged(List<ReceivedEvent> events) {
        Set<UUID> sessions = new HashSet<>();
        for (ReceivedEvent e : events) {
            if (e.type().ofSession() && e.type() != EventType.PARTICIPANT_JOINED && e.type() != EventType.PARTICIPANT_LEFT) {
                sessions.add(e.sessionId());
            }
        }
        return sessions;
    }

    /** Logs the events as processed (one statement); returns those not processed before, each once. */
    private static List<ReceivedEvent> firstSeen(Connection c, List<ReceivedEvent> events) throws SQLException {
        List<ReceivedEvent> fresh = new ArrayList<>();
        if (events.isEmpty()) {
            return fresh;
        }
        Set<UUID> logged = new HashSet<>();
        try (PreparedStatement log = c.prepareStatement("insert into analytics.processed_event (event_id, type) "
                + "select * from unnest(?::uuid[], ?::text[]) on conflict do nothing returning event_id")) {
            log.setArray(1, c.createArrayOf("uuid", events.stream().map(ReceivedEvent::id).toArray()));
            log.setArray(2, c.createArrayOf("text", events.stream().map(e -> e.type().id()).toArray()));
            try (ResultSet rs = log.executeQuery()) {
                while (rs.next()) {
                    logged.add(rs.getObject(1, UUID.class));
                }
            }
        }
        for (ReceivedEvent e : events) {
            if (logged.remove(e.id())) { // an event twice in the batch: the first
                fresh.add(e);
            }
        }
        return fresh;
    }

    /** Empties every analytics table (a rebuild starts here). */
    public void truncate(Connection c) throws SQLException {
        try (var st = c.createStatement()) {
            st.execute("truncate analytics.processed_event, analytics.session_fact, analytics.item_fact, "
                    + "analytics.ask_fact, analytics.panelist_fact, analytics.rating_fact, analytics.calibration_rating, "
                    + "analytics.item_stat, analytics.panelist_stat, analytics.session_stat, analytics.stats_dirty, "
                    + "analytics.cell_dirty, " + Rollups.tables());
        }
    }
}
