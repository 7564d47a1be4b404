package org.interviewpanel.events;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionSynchronizationRegistry;

import org.interviewpanel.kernel.AfterCommit;
import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;

/**
 * Wakes the relay after a transaction that recorded events has committed, without a NOTIFY inside that transaction.
 * <p>
 * A NOTIFY in the writer's transaction takes PostgreSQL's database-wide notification lock at commit and holds it
 * through the commit's WAL flush, so every rating, advance and submit committed one at a time (measured: 16 pgbench
 * clients with a listener connected, 26 ms per transaction with the NOTIFY, 5 ms without). Instead, after the commit:
 * on the instance that relays, a local signal; on any other instance, one {@code pg_notify} of its own, outside every
 * user transaction and coalesced (a burst of commits sends one), which the relay's LISTEN connection picks up. Polling
 * stays as the fallback.
 */
@ApplicationScoped
public class OutboxWake {

    private static final Logger LOG = Logger.getLogger(OutboxWake.class);
    private static final Object REGISTERED = new Object();

    @Inject
    TransactionSynchronizationRegistry transactions;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    OutboxMetrics metrics;

    private final Semaphore local = new Semaphore(0);
    private final AtomicBoolean notifyPending = new AtomicBoolean();
    /** When the first commit the relay has not yet started on was signalled (System.nanoTime()), or 0. */
    private final AtomicLong firstUnseenCommit = new AtomicLong();
    private final ExecutorService notifier = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "outbox-wake");
        t.setDaemon(true);
        return t;
    });

    /** Called in a transaction that recorded an event: once it commits, the relay learns of it. */
    void afterCommit() {
        if (transactions.getResource(REGISTERED) != null) {
            return;
        }
        transactions.putResource(REGISTERED, Boolean.TRUE);
        AfterCommit.run(transactions, this::committed);
    }

    /** A transaction that recorded events has committed (or, outside a transaction, the statement that wrote them). */
    void committed() {
        if (metrics.isLeader()) {
            firstUnseenCommit.compareAndSet(0, System.nanoTime());
            local.release();
        } else if (notifyPending.compareAndSet(false, true)) {
            notifier.execute(this::notifyRelay);
        }
    }

    private void notifyRelay() {
        notifyPending.set(false);
        try (var connection = dataSource.getConnection(); var statement = connection.createStatement()) {
            statement.execute("select pg_notify('outbox_event', '')");
        } catch (Exception e) {
            LOG.debugf("Could not notify the relay (it polls): %s", e.toString());
        }
    }

    /** The relay's wait: true when a commit on this instance signalled within the time given. */
    boolean awaitLocal(long millis) throws InterruptedException {
        boolean signalled = local.tryAcquire(millis, TimeUnit.MILLISECONDS);
        local.drainPermits();
        return signalled;
    }

    /** The relay starts a batch: how long ago the first commit it has not yet seen was signalled, or 0 if none. */
    long commitsSeen() {
        long first = firstUnseenCommit.getAndSet(0);
        return first == 0 ? 0 : System.nanoTime() - first;
    }

    @PreDestroy
    void stop() {
        notifier.shutdownNow();
    }
}
