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
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

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

    /** What one batch did: how many Kafka acknowledged, and the error of those it did not. */
    public record Outcome(int sent, int failed, String error) {
    }

    public Outcome publishBatch() throws SQLException {
        List<Row> rows = unsent();
        if (rows.isEmpty()) {
            return new Outcome(0, 0, null);
        }
        List<CompletableFuture<Void>> acks = new ArrayList<>(rows.size());
        for (Row row : rows) {
            // Subscribing in order hands the records to the producer in order; per key (session) Kafka keeps it.
            acks.add(emitter.sendMessage(message(row)).subscribeAsCompletionStage());
        }
        List<Long> acked = new ArrayList<>();
        List<Long> failed = new ArrayList<>();
        String error = null;
        long deadline = System.nanoTime() + config.relay().sendTimeout().toNanos();
        for (int i = 0; i < rows.size(); i++) {
            try {
                acks.get(i).get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                acked.add(rows.get(i).seq());
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                failed.add(rows.get(i).seq());
                error = e.getCause() != null ? e.getCause().toString() : e.toString();
            }
        }
        markSent(acked);
        metrics.published(acked.size());
        if (!failed.isEmpty()) {
            metrics.failed(failed.size());
            markFailed(failed, error);
            LOG.warnf("Kafka did not acknowledge %d of %d events (%s); they will be sent again", failed.size(),
                    rows.size(), error);
        }
        return new Outcome(acked.size(), failed.size(), error);
    }

    private List<Row> unsent() throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement("select seq, id, aggregate_id, type, subject, occurred_at, "
                        + "payload::text from outbox_event where sent_at is null order by seq limit ?")) {
            select.setInt(1, config.relay().batchSize());
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

    private void markSent(List<Long> seqs) throws SQLException {
        update("update outbox_event set sent_at = now(), attempts = attempts + 1 where seq = any(?)", seqs, null);
    }

    private void markFailed(List<Long> seqs, String error) throws SQLException {
        update("update outbox_event set attempts = attempts + 1, last_error = ? where seq = any(?)", seqs,
                error == null ? "" : error.substring(0, Math.min(error.length(), 500)));
    }

    private void update(String sql, List<Long> seqs, String error) throws SQLException {
        if (seqs.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement update = c.prepareStatement(sql)) {
            int i = 1;
            if (error != null) {
                update.setString(i++, error);
            }
            update.setArray(i, c.createArrayOf("bigint", seqs.toArray()));
            update.executeUpdate();
        }
    }
}
