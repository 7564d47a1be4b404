package org.interviewpanel.events;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * Decides which instance relays the outbox, and wakes it when there is something to send. Exactly one instance relays:
 * the one holding a PostgreSQL advisory lock on a dedicated connection. Standbys try to take the lock every
 * {@code takeover-interval}; if the leader dies its connection closes, the lock is released and a standby takes over.
 * The leader sends through {@link OutboxPublisher} (pipelined: it does not wait for a batch's acknowledgements before
 * sending the next) and then sleeps until {@link OutboxWake} signals a commit on this instance, a NOTIFY arrives from
 * another instance's commit, or Kafka has answered for rows on their way, checked every {@value #WAKE_CHECK_MILLIS} ms
 * (polling every {@code poll-interval} is the fallback).
 * <p>
 * The dedicated connection goes straight to PostgreSQL ({@code panel.events.relay.jdbc-url}, by default the
 * datasource's URL): an advisory lock and LISTEN need a session a pooler in transaction mode would not keep.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    @Inject
    EventsConfig config;

    @Inject
    EventTopic topic;

    @Inject
    OutboxPublisher publisher;

    @Inject
    OutboxMetrics metrics;

    @Inject
    ManagedExecutor executor;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String datasourceUrl;

    @ConfigProperty(name = "quarkus.datasource.username")
    String username;

    @ConfigProperty(name = "quarkus.datasource.password")
    Optional<String> password;

    static final int WAKE_CHECK_MILLIS = 10;

    @Inject
    OutboxWake wake;

    private final AtomicBoolean leading = new AtomicBoolean();
    private volatile boolean stopping;
    private volatile Connection control;

    public boolean isLeader() {
        return metrics.isLeader();
    }

    /** A standby's attempt to take over; nothing to do on the leader or where the relay is switched off. */
    @Scheduled(every = "${panel.events.relay.takeover-interval:2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void compete() {
        if (!config.relay().enabled() || stopping || leading.get()) {
            return;
        }
        Connection connection = null;
        try {
            connection = DriverManager.getConnection(config.relay().jdbcUrl().orElse(datasourceUrl), username,
                    password.orElse(""));
            connection.setAutoCommit(true);
            if (tryLock(connection) && leading.compareAndSet(false, true)) {
                Connection acquired = connection;
                connection = null;
                executor.execute(() -> lead(acquired));
            }
        } catch (SQLException e) {
            LOG.debugf("Outbox relay cannot reach PostgreSQL: %s", e.toString());
        } finally {
            close(connection);
        }
    }

    private void lead(Connection connection) {
        control = connection;
        metrics.leader(true);
        LOG.info("This instance now relays the outbox");
        try (Statement listen = connection.createStatement()) {
            listen.execute("LISTEN outbox_event");
            OutboxPublisher.relaySession(connection);
            while (!stopping) {
                if (!topic.ensure()) {
                    pause();
                    continue;
                }
                long waited = wake.commitsSeen();
                if (waited > 0) {
                    metrics.step("wake", waited);
                }
                OutboxPublisher.Outcome outcome = publisher.publishBatch(connection);
                if (outcome.failed() > 0) {
                    pause();
                } else if (outcome.handed() < config.relay().batchSize()) {
                    awaitWork(connection.unwrap(PGConnection.class));
                }
            }
        } catch (SQLException | RuntimeException e) {
            if (!stopping) {
                LOG.warnf("Outbox relay interrupted (%s); competing again", e.toString());
            }
        } finally {
            try {
                publisher.abandon();
            } catch (RuntimeException e) { // e.g. the emitter not yet ready at start-up: nothing was on its way
                LOG.debugf("Outbox relay: nothing to record on stopping (%s)", e.toString());
            }
            metrics.leader(false);
            control = null;
            close(connection);
            leading.set(false);
        }
    }

    /** Returns on a commit here, a NOTIFY from another instance, or after the poll interval. */
    private void awaitWork(PGConnection listening) throws SQLException {
        long deadline = System.nanoTime() + config.relay().pollInterval().toNanos();
        try {
            while (!stopping && System.nanoTime() < deadline) {
                if (wake.awaitLocal(WAKE_CHECK_MILLIS) || publisher.answered()) {
                    return; // a commit to send, or acknowledgements to record
                }
                PGNotification[] notifications = listening.getNotifications(); // reads what arrived, never blocks
                if (notifications != null && notifications.length > 0) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
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

    private void pause() {
        try {
            Thread.sleep(config.relay().pollInterval().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        }
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
        close(control);
    }

    private static void close(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debug("closing the relay connection", e);
            }
        }
    }
}
