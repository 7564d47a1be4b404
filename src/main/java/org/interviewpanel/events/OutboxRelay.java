package org.interviewpanel.events;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.apache.kafka.common.header.internals.RecordHeader;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Publishes the outbox to Kafka in commit order and marks rows sent only after Kafka acknowledged them (idempotent
 * producer, acks=all). Exactly one instance relays: the one holding a PostgreSQL advisory lock on a dedicated
 * connection. If that instance dies its connection closes, the lock is released, and a standby takes over within
 * {@code takeover-interval}. Commits wake the relay through LISTEN/NOTIFY; polling is the fallback.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    static final String CHANNEL = "session-events";

    @Inject
    EventsConfig config;

    @Inject
    EventTopic topic;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    @Channel(CHANNEL)
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 2048)
    MutinyEmitter<String> emitter;

    @Inject
    MeterRegistry registry;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @ConfigProperty(name = "quarkus.datasource.username")
    String username;

    @ConfigProperty(name = "quarkus.datasource.password")
    Optional<String> password;

    private final AtomicLong backlog = new AtomicLong();
    private final AtomicLong oldestUnsentAgeMillis = new AtomicLong();
    private volatile boolean leader;
    private volatile boolean running;
    private volatile Connection control;
    private Thread worker;
    private Counter published;
    private Counter failures;
    private Instant lastPurge = Instant.EPOCH;
    private Instant lastStats = Instant.EPOCH;

    void start(@Observes StartupEvent event) {
        Gauge.builder("panel.outbox.backlog", backlog, AtomicLong::get)
                .description("Events in the outbox not yet acknowledged by Kafka").register(registry);
        Gauge.builder("panel.outbox.oldest.unsent.age", oldestUnsentAgeMillis, a -> a.get() / 1000.0)
                .baseUnit("seconds").description("Age of the oldest event not yet acknowledged by Kafka")
                .register(registry);
        Gauge.builder("panel.outbox.relay.leader", this, r -> r.leader ? 1 : 0)
                .description("1 on the instance that relays the outbox").register(registry);
        published = Counter.builder("panel.outbox.published").description("Events acknowledged by Kafka")
                .register(registry);
        failures = Counter.builder("panel.outbox.publish.failures").description("Events Kafka did not acknowledge")
                .register(registry);
        if (!config.relay().enabled()) {
            LOG.info("Outbox relay disabled on this instance");
            return;
        }
        running = true;
        worker = new Thread(this::run, "outbox-relay");
        worker.setDaemon(true);
        worker.start();
    }

    public boolean isLeader() {
        return leader;
    }

    /** Age of the oldest unsent event, measured now, in milliseconds (0 when none). */
    public long oldestUnsentAgeMillis() {
        refreshStats();
        return oldestUnsentAgeMillis.get();
    }

    private void run() {
        while (running) {
            try (Connection connection = DriverManager.getConnection(jdbcUrl, username, password.orElse(""))) {
                control = connection;
                connection.setAutoCommit(true);
                while (running && !tryLock(connection)) {
                    refreshStats();
                    sleep(config.relay().takeoverInterval().toMillis());
                }
                if (!running) {
                    return;
                }
                leader = true;
                LOG.info("This instance now relays the outbox");
                try (Statement listen = connection.createStatement()) {
                    listen.execute("LISTEN outbox_event");
                }
                while (running) {
                    if (!topic.ensure()) {
                        sleep(config.relay().pollInterval().toMillis());
                        continue;
                    }
                    int sent = relayBatch();
                    refreshStats();
                    purge();
                    if (sent < config.relay().batchSize()) {
                        awaitCommit(connection);
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    LOG.warnf("Outbox relay interrupted (%s); retrying", e.toString());
                    sleep(config.relay().takeoverInterval().toMillis());
                }
            } finally {
                leader = false;
                control = null;
            }
        }
    }

    private boolean tryLock(Connection connection) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("select pg_try_advisory_lock(?)")) {
            lock.setLong(1, config.relay().lockKey());
            try (ResultSet rs = lock.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private void awaitCommit(Connection connection) throws SQLException {
        // Returns on the first NOTIFY, or after the poll interval.
        connection.unwrap(PGConnection.class).getNotifications((int) config.relay().pollInterval().toMillis());
    }

    record Row(long seq, UUID id, UUID aggregateId, String type, String subject, Instant occurredAt, String payload) {
    }

    /** Sends one batch in commit order and marks what Kafka acknowledged; returns how many were sent. */
    int relayBatch() throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement("select seq, id, aggregate_id, type, subject, occurred_at, "
                        + "payload::text from outbox_event where sent_at is null order by seq limit ?")) {
            select.setInt(1, config.relay().batchSize());
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(rs.getLong(1), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class),
                            rs.getString(4), rs.getString(5), rs.getObject(6, java.time.OffsetDateTime.class).toInstant(),
                            rs.getString(7)));
                }
            }
        }
        if (rows.isEmpty()) {
            return 0;
        }
        List<CompletableFuture<Void>> acks = new ArrayList<>(rows.size());
        for (Row row : rows) {
            // Subscribing in order hands the records to the producer in order; per key (session) Kafka keeps it.
            acks.add(emitter.sendMessage(message(row)).subscribeAsCompletionStage());
        }
        List<Long> acked = new ArrayList<>();
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
                error = e.getCause() != null ? e.getCause().toString() : e.toString();
            }
        }
        markSent(acked);
        published.increment(acked.size());
        int failed = rows.size() - acked.size();
        if (failed > 0) {
            failures.increment(failed);
            markFailed(rows, acked, error);
            LOG.warnf("Kafka did not acknowledge %d of %d events (%s); they will be sent again", failed, rows.size(),
                    error);
            sleep(config.relay().pollInterval().toMillis());
        }
        return acked.size();
    }

    private Message<String> message(Row row) {
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String> builder()
                .withKey(row.aggregateId().toString())
                .withTimestamp(row.occurredAt())
                .addHeaders(header("ce_specversion", "1.0"), header("ce_id", row.id().toString()),
                        header("ce_type", row.type()), header("ce_source", config.source()),
                        header("ce_subject", row.subject()),
                        header("ce_time", DateTimeFormatter.ISO_INSTANT.format(row.occurredAt())),
                        header("content-type", "application/json"))
                .build();
        return Message.of(row.payload()).addMetadata(metadata);
    }

    private static RecordHeader header(String name, String value) {
        return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private void markSent(List<Long> seqs) throws SQLException {
        if (seqs.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement update = c.prepareStatement(
                        "update outbox_event set sent_at = now(), attempts = attempts + 1 where seq = any(?)")) {
            update.setArray(1, c.createArrayOf("bigint", seqs.toArray()));
            update.executeUpdate();
        }
    }

    private void markFailed(List<Row> rows, List<Long> acked, String error) throws SQLException {
        List<Long> failed = rows.stream().map(Row::seq).filter(s -> !acked.contains(s)).toList();
        try (Connection c = dataSource.getConnection();
                PreparedStatement update = c.prepareStatement(
                        "update outbox_event set attempts = attempts + 1, last_error = ? where seq = any(?)")) {
            update.setString(1, error == null ? null : error.substring(0, Math.min(error.length(), 500)));
            update.setArray(2, c.createArrayOf("bigint", failed.toArray()));
            update.executeUpdate();
        }
    }

    private void purge() throws SQLException {
        Instant now = Instant.now();
        if (lastPurge.plusSeconds(60).isAfter(now)) {
            return;
        }
        lastPurge = now;
        try (Connection c = dataSource.getConnection();
                PreparedStatement delete = c.prepareStatement(
                        "delete from outbox_event where sent_at is not null and sent_at < ?")) {
            delete.setObject(1, java.time.OffsetDateTime.now().minus(config.relay().purgeAfter()));
            int purged = delete.executeUpdate();
            if (purged > 0) {
                LOG.infof("Purged %d relayed events older than %s", purged, config.relay().purgeAfter());
            }
        }
    }

    private synchronized void refreshStats() {
        Instant now = Instant.now();
        if (lastStats.plusMillis(500).isAfter(now)) {
            return;
        }
        lastStats = now;
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select count(*), coalesce(extract(epoch from (now() - min(occurred_at))) "
                        + "* 1000, 0) from outbox_event where sent_at is null")) {
            if (rs.next()) {
                backlog.set(rs.getLong(1));
                oldestUnsentAgeMillis.set(Math.max(0, rs.getLong(2)));
            }
        } catch (SQLException e) {
            LOG.debugf("Outbox statistics unavailable: %s", e.toString());
        }
    }

    private void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    void stop(@Observes ShutdownEvent event) {
        stop();
    }

    @PreDestroy
    void stop() {
        running = false;
        Connection connection = control;
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debug("closing the relay connection", e);
            }
        }
        if (worker != null) {
            worker.interrupt();
        }
    }
}
