package org.interviewpanel.events;

import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Sends one batch of the outbox to Kafka in commit order, as CloudEvents in binary mode (SmallRye's CloudEvents
 * metadata: {@code ce_id} is the outbox row's id, so consumers deduplicate on it), and marks sent exactly the rows Kafka
 * acknowledged. Only the relay leader calls it.
 */
@ApplicationScoped
public class OutboxPublisher {

    private static final Logger LOG = Logger.getLogger(OutboxPublisher.class);
    static final String CHANNEL = "session-events";

    @Inject
    EventsConfig config;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    OutboxMetrics metrics;

    @Inject
    @Channel(CHANNEL)
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 2048)
    MutinyEmitter<String> emitter;

    record Row(long seq, UUID id, UUID aggregateId, String type, String subject, Instant occurredAt, String payload) {
    }

    /**
     * What one call did: how many rows it handed to Kafka, and of those on their way how many Kafka has acknowledged or
     * refused since the last call (with the error).
     */
    public record Outcome(int handed, int acknowledged, int failed, String error) {
    }

    /** A record handed to Kafka whose acknowledgement is not yet recorded. Only the relay's thread touches these. */
    private record InFlight(UUID aggregateId, CompletableFuture<Void> ack, long handedAtNanos) {
    }

    private final Map<Long, InFlight> inFlight = new LinkedHashMap<>();

    /**
     * Takes what Kafka has acknowledged or refused since the last call, hands Kafka the oldest unsent row of each
     * session that has nothing on its way, in commit order, without waiting for their acknowledgements. Batches are
     * pipelined across sessions: a commit made while earlier rows wait for Kafka goes out at once — unless its session
     * has a row on its way, which it waits behind. One row per session on its way at a time: a session's row is handed
     * to Kafka only once every earlier row of it is acknowledged, so its events land in order whatever the producer does
     * with a failed batch (an idempotent producer that gives up on one batch may still deliver a later one of the same
     * partition after an outage; a row sent again after a later one would be out of order). A session's backlog drains
     * one acknowledgement at a time; sessions drain side by side. The acknowledged rows are marked sent after the new
     * rows are handed over. When Kafka has refused any, everything on its way is waited for and recorded and nothing
     * new is handed, so a refused row is sent again only once no earlier send of it can still land (the relay pauses,
     * then sends it again). The unsent rows are read and marked on the relay's own connection, readied by
     * {@link #relaySession}; when the relay stops, what is still on its way is recorded through the pool.
     */
    public Outcome publishBatch(Connection relaySession) throws SQLException {
        // What Kafka answered since the last round: an acknowledged row frees its session's next row for this round.
        Answers answered = collect(false);
        if (!answered.failed().isEmpty()) {
            Outcome refused = record(answered, relaySession);
            Outcome rest = settle(true, relaySession);
            return new Outcome(0, refused.acknowledged() + rest.acknowledged(), refused.failed() + rest.failed(),
                    refused.error());
        }
        long started = System.nanoTime();
        // at most two batches on their way: the emitter's buffer (2,048) never overflows during a long backlog
        List<Row> rows = inFlight.size() < 2 * config.relay().batchSize()
                ? unsent(relaySession, inFlight.values().stream().map(InFlight::aggregateId).distinct().toList(),
                        answered.acked(), config.relay().batchSize())
                : List.of();
        if (!rows.isEmpty()) {
            long handed = System.nanoTime();
            metrics.step("select", handed - started);
            for (Row row : rows) {
                // Subscribing in order hands the records to the producer in order; per key (session) Kafka keeps it.
                CompletableFuture<Void> ack = emitter.sendMessage(message(row)).subscribeAsCompletionStage();
                ack.whenComplete((v, e) -> metrics.step("produce-ack", System.nanoTime() - handed));
                inFlight.put(row.seq(), new InFlight(row.aggregateId(), ack, handed));
            }
        }
        // Marked sent after the new rows are on their way: the bookkeeping stays off the path from a commit to Kafka.
        record(answered, relaySession);
        return new Outcome(rows.size(), answered.acked().size(), 0, null);
    }

    /** Whether Kafka has answered for a row on its way (so the relay should record it rather than sleep). */
    boolean answered() {
        return inFlight.values().stream().anyMatch(f -> f.ack().isDone());
    }

    /** The relay stops leading: waits (briefly) for what is on its way and records it; the rest is sent again later. */
    void abandon() {
        try {
            settle(true, null);
        } catch (SQLException | RuntimeException e) {
            LOG.debugf("Could not record the last acknowledgements (those events will be sent again): %s", e);
        }
        inFlight.clear();
    }

    /**
     * Records the rows Kafka has answered for: sent for those it acknowledged, an attempt and the error for those it
     * refused (or that outlived the send timeout). With {@code all}, waits for every row on its way first.
     */
    private Outcome settle(boolean all, Connection via) throws SQLException {
        return record(collect(all), via);
    }

    /** What Kafka answered: the rows it acknowledged, those it refused, and the error. */
    private record Answers(List<Long> acked, List<Long> failed, String error) {
    }

    /** Takes the answered rows off the rows on their way (with {@code all}, waits for every row first). */
    private Answers collect(boolean all) {
        List<Long> acked = new ArrayList<>();
        List<Long> failed = new ArrayList<>();
        String error = null;
        long timeout = config.relay().sendTimeout().toNanos();
        for (var it = inFlight.entrySet().iterator(); it.hasNext();) {
            var entry = it.next();
            InFlight f = entry.getValue();
            try {
                if (all) {
                    f.ack().get(Math.max(1, f.handedAtNanos() + timeout - System.nanoTime()), TimeUnit.NANOSECONDS);
                } else if (!f.ack().isDone()) {
                    if (System.nanoTime() - f.handedAtNanos() < timeout) {
                        continue;
                    }
                    throw new TimeoutException("no acknowledgement within " + config.relay().sendTimeout());
                } else {
                    f.ack().join();
                }
                acked.add(entry.getKey());
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                failed.add(entry.getKey());
                error = e.getCause() != null ? e.getCause().toString() : e.toString();
            }
            it.remove();
        }
        return new Answers(acked, failed, error);
    }

    /** Records answers: sent for the acknowledged rows, an attempt and the error for the refused ones. */
    private Outcome record(Answers answers, Connection via) throws SQLException {
        long marking = System.nanoTime();
        markSent(answers.acked(), via);
        if (!answers.acked().isEmpty()) {
            metrics.step("mark", System.nanoTime() - marking);
        }
        metrics.published(answers.acked().size());
        if (!answers.failed().isEmpty()) {
            metrics.failed(answers.failed().size());
            markFailed(answers.failed(), answers.error(), via);
            LOG.warnf("Kafka did not acknowledge %d events (%s); they will be sent again", answers.failed().size(),
                    answers.error());
        }
        return new Outcome(0, answers.acked().size(), answers.failed().size(), answers.error());
    }

    /**
     * Reads only the unsent rows (their partial index) and keeps each session's first: no join back into the table. Run
     * on a {@link #relaySession relay session}. It looks at the oldest {@link #window} of them only, then leaves out the
     * sessions with something on its way: the window is a prefix in commit order, so a session's oldest unsent row is in
     * it whenever any of its rows is, and each session picked gets its oldest row; the sessions further back wait for a
     * later call. Without the window every call read and sorted the whole backlog (76 ms a call at 50,000 unsent rows,
     * spilling to disk), and with the sessions on their way left out before the window, a call that found them all on
     * their way still read all of it: a backlog — after a broker outage, or a burst the relay could not follow — made
     * the relay slower the longer it grew, so a relay that fell behind under load never caught up (2026-12-06,
     * {@code WritePathBench} after a long warm-up: 26,000 unsent rows, the broker idle, PostgreSQL busy in this select).
     * Parameters: the acknowledged rows not yet marked sent (they count as sent), the window, the sessions on their way,
     * the limit.
     */
    static final String UNSENT = "select h.seq, h.id, h.aggregate_id, h.type, h.subject, h.occurred_at, h.payload::text "
            + "from (select distinct on (aggregate_id) * from (select seq, id, aggregate_id, type, subject, occurred_at, "
            + "payload from outbox_event where sent_at is null and not (seq = any(?)) order by seq limit ?) oldest "
            + "where not (aggregate_id = any(?)) order by aggregate_id, seq) h order by h.seq limit ?";

    /** Binds {@link #UNSENT}'s parameters (or those of a statement that wraps it, such as an EXPLAIN). */
    static void bindUnsent(Connection c, PreparedStatement select, Collection<UUID> onTheirWay,
            Collection<Long> acknowledged, int limit) throws SQLException {
        select.setArray(1, c.createArrayOf("bigint", acknowledged.toArray()));
        select.setInt(2, window(limit));
        select.setArray(3, c.createArrayOf("uuid", onTheirWay.toArray()));
        select.setInt(4, limit);
    }

    /** How many of the oldest unsent rows one select looks at: a few times the rows it may return. */
    static int window(int limit) {
        return 4 * limit;
    }

    /**
     * Readies the relay's own connection for {@link #UNSENT}: the unsent rows are read through their partial index with
     * a plain index scan, never a bitmap scan. A row marked sent leaves its entry in that index until a vacuum; a plain
     * index scan marks such an entry dead the first time it finds the row gone, and later scans step over it, whereas a
     * bitmap scan (which the planner prefers here, with no statistics or stale ones) visits the table page of every such
     * entry on every call: on this machine the relay's select grew to 0.7 ms on average over a 40 s bench, and it grows
     * with every event sent since the last vacuum.
     * <p>
     * Every statement on it is planned for its own parameters and the table as it is now ({@code plan_cache_mode =
     * force_custom_plan}), never from a generic plan cached once. The driver prepares a statement it runs often, and
     * after five runs PostgreSQL may keep a generic plan for it, costed once against the statistics of that moment: the
     * relay starts with an empty outbox that no statistics describe yet, so the mark's {@code seq = any(?)} got a
     * sequential scan, cheap on the empty table, and kept it while the table grew. The mark then read every row of the
     * outbox (170–440 ms a round at some 150,000 rows, seen with {@code auto_explain} in {@code WritePathBench}),
     * a relay so slowed fell further behind, and it stayed behind until an analyze of the table
     * replaced the plan — which, with autovacuum off or between its runs, may not come. Planning each call costs a
     * fraction of a millisecond. Session-wide settings, so only on the relay's dedicated connection.
     */
    static void relaySession(Connection c) throws SQLException {
        try (var st = c.createStatement()) {
            st.execute("set enable_bitmapscan = off");
            st.execute("set plan_cache_mode = force_custom_plan");
        }
    }

    /**
     * The oldest unsent row of each session that has nothing on its way, oldest first, at most {@code limit}: what the
     * relay may hand Kafka now without a session's events ever overtaking each other. Rows Kafka acknowledged that are
     * not yet marked sent count as sent.
     */
    static List<Row> unsent(Connection c, Collection<UUID> onTheirWay, Collection<Long> acknowledged, int limit)
            throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement select = c.prepareStatement(UNSENT)) {
            bindUnsent(c, select, onTheirWay, acknowledged, limit);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(rs.getLong(1), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class),
                            rs.getString(4), rs.getString(5), rs.getObject(6, OffsetDateTime.class).toInstant(),
                            rs.getString(7)));
                }
            }
        }
        return rows;
    }

    private Message<String> message(Row row) {
        OutgoingCloudEventMetadata<String> cloudEvent = OutgoingCloudEventMetadata.<String> builder()
                .withId(row.id().toString())
                .withType(row.type())
                .withSource(URI.create(config.source()))
                .withSubject(row.subject())
                .withTimestamp(row.occurredAt().atZone(ZoneOffset.UTC))
                .withDataContentType("application/json")
                .build();
        // The record's own timestamp is the time of sending (the producer's), not occurredAt: a broker refuses a
        // timestamp more than message.timestamp.after.max.ms (1 h) ahead of its clock, and an event refused for its
        // time would hold up everything behind it. When it happened travels as ce_time.
        OutgoingKafkaRecordMetadata<String> kafka = OutgoingKafkaRecordMetadata.<String> builder()
                .withKey(row.aggregateId().toString())
                .build();
        return Message.of(row.payload()).addMetadata(cloudEvent).addMetadata(kafka);
    }

    static final String MARK_SENT = "update outbox_event set sent_at = now(), attempts = attempts + 1 where seq = any(?)";

    private void markSent(List<Long> seqs, Connection via) throws SQLException {
        update(MARK_SENT, seqs, null, via);
    }

    private void markFailed(List<Long> seqs, String error, Connection via) throws SQLException {
        update("update outbox_event set attempts = attempts + 1, last_error = ? where seq = any(?)", seqs,
                error == null ? "" : error.substring(0, Math.min(error.length(), 500)), via);
    }

    /** Runs a mark on the relay's session ({@code via}), or on a connection from the pool when that may be gone. */
    private void update(String sql, List<Long> seqs, String error, Connection via) throws SQLException {
        if (seqs.isEmpty()) {
            return;
        }
        if (via != null) {
            update(via, sql, seqs, error);
            return;
        }
        try (Connection c = dataSource.getConnection()) {
            update(c, sql, seqs, error);
        }
    }

    static void update(Connection c, String sql, List<Long> seqs, String error) throws SQLException {
        try (PreparedStatement update = c.prepareStatement(sql)) {
            int i = 1;
            if (error != null) {
                update.setString(i++, error);
            }
            update.setArray(i, c.createArrayOf("bigint", seqs.toArray()));
            update.executeUpdate();
        }
    }
}
