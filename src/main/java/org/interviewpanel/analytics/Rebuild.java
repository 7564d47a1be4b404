package org.interviewpanel.analytics;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.interviewpanel.events.EventsConfig;
import org.interviewpanel.platform.KafkaClients;
import org.interviewpanel.platform.ProblemException;
import org.interviewpanel.platform.ProblemType;
import org.jboss.logging.Logger;

/**
 * Rebuilds the analytics tables from the topic: empties them, then replays every partition from its earliest offset up
 * to the end offsets taken at the start, through the same projection as the live consumer. The live consumer keeps
 * running meanwhile; whichever writes an event first wins and the other's copy is a no-op (processed-event log,
 * order-independent upserts), so nothing is lost or counted twice. Reports answer during the rebuild and say so.
 * <p>
 * One rebuild at a time across instances: the state row in {@code analytics.rebuild_state} is claimed atomically; a
 * claim whose heartbeat is older than a minute (its instance died) may be taken over.
 */
@ApplicationScoped
public class Rebuild {

    private static final Logger LOG = Logger.getLogger(Rebuild.class);

    /** Progress as shown by the API and the console. */
    public record Progress(String state, Instant startedAt, Instant finishedAt, long total, long done,
            Double eventsPerSecond, Long etaSeconds, Integer percent, String error, String startedBy) {

        public boolean running() {
            return "RUNNING".equals(state);
        }

        /** The tables may be incomplete: a rebuild is running, or the last one did not finish. */
        public boolean incomplete() {
            return "RUNNING".equals(state) || "FAILED".equals(state);
        }
    }

    @Inject
    AnalyticsStore store;

    @Inject
    EventsConfig events;

    @Inject
    KafkaClients kafka;

    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "analytics-rebuild");
        t.setDaemon(true);
        return t;
    });

    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "analytics-rebuild-heartbeat");
        t.setDaemon(true);
        return t;
    });

    /** Claims the rebuild and starts it in the background; 409 when one is already running. */
    public Progress start(String by) {
        UUID token = claim(by);
        runner.submit(() -> run(token));
        return progress();
    }

    /** Runs a rebuild in the caller's thread (the command-line entry), printing progress. */
    public Progress runHere(String by, java.io.PrintStream out) throws Exception {
        UUID token = claim(by);
        Future<?> job = runner.submit(() -> run(token));
        while (!job.isDone()) {
            Thread.sleep(1000);
            Progress p = progress();
            out.printf("rebuild: %d / %d events%s%n", p.done(), p.total(),
                    p.eventsPerSecond() == null ? "" : String.format(" (%.0f/s)", p.eventsPerSecond()));
        }
        job.get();
        return progress();
    }

    public Progress progress() {
        try (Connection c = store.connection();
                PreparedStatement ps = c.prepareStatement("select state, started_at, finished_at, total, done, error, "
                        + "started_by, now() from analytics.rebuild_state where id = 1");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            Instant started = instant(rs.getTimestamp(2));
            Instant finished = instant(rs.getTimestamp(3));
            Instant now = instant(rs.getTimestamp(8));
            long total = rs.getLong(4);
            long done = rs.getLong(5);
            Double rate = null;
            Long eta = null;
            if (started != null) {
                double seconds = Math.max(0.001, Duration.between(started, finished != null ? finished : now).toMillis()
                        / 1000.0);
                rate = Math.round(done / seconds * 10) / 10.0;
                if (finished == null && rate > 0) {
                    eta = Math.max(0, Math.round((total - done) / rate));
                }
            }
            Integer percent = null;
            if (total > 0) {
                percent = (int) Math.min(100, done * 100 / total);
            } else if ("DONE".equals(rs.getString(1))) {
                percent = 100;
            }
            return new Progress(rs.getString(1), started, finished, total, done, rate, eta, percent, rs.getString(6),
                    rs.getString(7));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the rebuild state", e);
        }
    }

    private UUID claim(String by) {
        UUID token = UUID.randomUUID();
        try (Connection c = store.connection();
                PreparedStatement ps = c.prepareStatement("update analytics.rebuild_state "
                        + "set state = 'RUNNING', started_at = now(), heartbeat_at = now(), finished_at = null, total = 0, "
                        + "done = 0, error = null, started_by = ?, token = ? where id = 1 "
                        + "and (state <> 'RUNNING' or heartbeat_at < now() - interval '60 seconds')")) {
            ps.setString(1, by);
            ps.setObject(2, token);
            if (ps.executeUpdate() == 0) {
                throw new ProblemException(ProblemType.CONFLICT, "A rebuild is already running");
            }
            return token;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot claim the rebuild", e);
        }
    }

    void run(UUID token) {
        // The heartbeat runs apart from the replay, so a slow batch does not make the claim look abandoned.
        ScheduledFuture<?> beat = heartbeat.scheduleWithFixedDelay(() -> {
            try {
                update(token, "heartbeat_at = now()", null);
            } catch (SQLException | TakenOver e) {
                LOG.debugf("rebuild heartbeat: %s", e.toString());
            }
        }, 5, 5, TimeUnit.SECONDS);
        try {
            store.truncate();
            replay(token);
            finish(token, "DONE", null);
            LOG.infof("Analytics rebuilt: %d events", progress().done());
        } catch (TakenOver e) {
            LOG.warn("Analytics rebuild stopped: another instance took it over");
        } catch (Exception e) {
            LOG.error("Analytics rebuild failed", e);
            finish(token, "FAILED", e.toString());
        } finally {
            beat.cancel(false);
        }
    }

    /** Another instance claimed the rebuild (this one looked dead): stop without touching the state. */
    static final class TakenOver extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TakenOver() {
            super("the rebuild was taken over", null, false, false);
        }
    }

    private void replay(UUID token) throws SQLException {
        Map<String, Object> p = kafka.config(Map.of(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000",
                ConsumerConfig.CLIENT_ID_CONFIG, "interview-panel-analytics-rebuild-" + UUID.randomUUID()));
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(events.topic(), Duration.ofSeconds(30)).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long total = partitions.stream().mapToLong(tp -> end.get(tp) - begin.get(tp)).sum();
            update(token, "total = ?", total);
            consumer.seekToBeginning(partitions);
            long done = 0;
            long reported = System.nanoTime();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                List<Projector.Raw> batch = new ArrayList<>();
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                        batch.add(new Projector.Raw(r.key(), r.value(), Projector.header(r.headers(), "ce_id"),
                                Projector.header(r.headers(), "ce_type"), r.partition(), r.offset()));
                    }
                }
                if (!batch.isEmpty()) {
                    // Poison messages are already on the dead-letter topic from their first delivery; not sent again.
                    store.apply(batch);
                    done += batch.size();
                }
                if (System.nanoTime() - reported > 500_000_000L) {
                    update(token, "done = ?", done);
                    reported = System.nanoTime();
                }
            }
            update(token, "done = ?", done);
        }
    }

    private void update(UUID token, String assignment, Long value) throws SQLException {
        try (Connection c = store.connection();
                PreparedStatement ps = c.prepareStatement("update analytics.rebuild_state "
                        + "set " + assignment + ", heartbeat_at = now() where id = 1 and token = ?")) {
            int i = 1;
            if (value != null) {
                ps.setLong(i++, value);
            }
            ps.setObject(i, token);
            if (ps.executeUpdate() == 0) {
                throw new TakenOver();
            }
        }
    }

    private void finish(UUID token, String state, String error) {
        try (Connection c = store.connection();
                PreparedStatement ps = c.prepareStatement("update analytics.rebuild_state "
                        + "set state = ?, error = ?, finished_at = now() where id = 1 and token = ?")) {
            ps.setString(1, state);
            ps.setString(2, error);
            ps.setObject(3, token);
            ps.executeUpdate();
        } catch (SQLException e) {
            LOG.error("cannot record the end of the rebuild", e);
        }
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    @PreDestroy
    void stop() {
        runner.shutdownNow();
        heartbeat.shutdownNow();
    }

}
