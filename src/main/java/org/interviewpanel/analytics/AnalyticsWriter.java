package org.interviewpanel.analytics;

import java.sql.SQLException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.faulttolerance.Retry;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.faulttolerance.api.ExponentialBackoff;

/**
 * Writes batches of topic records into the analytics tables so that one bad record never stops the projection and a
 * database outage loses nothing.
 */
@ApplicationScoped
public class AnalyticsWriter {

    private static final Logger LOG = Logger.getLogger(AnalyticsWriter.class);

    /** The application is stopping: the batch stays unacknowledged for the partitions' next owner. */
    static final class ShuttingDown extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ShuttingDown() {
            super("shutting down", null, false, false);
        }
    }

    @Inject
    AnalyticsStore store;

    @Inject
    Projector projector;

    private volatile boolean stopping;

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
    }

    /**
     * Applies a batch, waiting out a database outage: retried with exponential backoff (200 ms doubling to 30 s), for
     * as long as it takes. Events wait; none is skipped.
     */
    @Retry(maxRetries = -1, maxDuration = 365, durationUnit = ChronoUnit.DAYS, delay = 200, jitter = 50, abortOn = ShuttingDown.class)
    @ExponentialBackoff(factor = 2, maxDelay = 30, maxDelayUnit = ChronoUnit.SECONDS)
    public Projector.Outcome applyPatiently(Projector.Read batch) throws SQLException {
        if (stopping) {
            throw new ShuttingDown();
        }
        try {
            return apply(batch);
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("Analytics could not apply %d events (%s); retrying", batch.records().size(), e.toString());
            throw e;
        }
    }

    /**
     * Applies a batch once. When PostgreSQL refuses the data itself (SQLSTATE class 22 or 23, e.g. a NUL character or
     * a value out of range in an event that passed its schema), the batch is applied record by record and the records
     * it refuses come back as dead letters.
     */
    public Projector.Outcome apply(List<TopicRecord> batch) throws SQLException {
        return apply(projector.read(batch));
    }

    /** {@link #apply(List)} for a batch already read. */
    public Projector.Outcome apply(Projector.Read read) throws SQLException {
        List<TopicRecord> batch = read.records();
        try {
            return store.applyInTransaction(read);
        } catch (SQLException e) {
            if (!isDataError(e)) {
                throw e;
            }
            LOG.warnf("An analytics batch of %d events was refused (%s); applying it event by event", batch.size(),
                    e.getSQLState());
        }
        int applied = 0;
        int duplicates = 0;
        int ignored = 0;
        List<Projector.DeadLetter> dead = new ArrayList<>();
        for (TopicRecord record : batch) {
            try {
                Projector.Read alone = projector.read(List.of(record));
                Projector.Outcome one = store.applyInTransaction(read.marks() ? alone : alone.unmarked());
                applied += one.applied();
                duplicates += one.duplicates();
                ignored += one.ignored();
                dead.addAll(one.deadLetters());
            } catch (SQLException e) {
                if (!isDataError(e)) {
                    throw e;
                }
                dead.add(new Projector.DeadLetter(record, "the database refused it (SQLSTATE " + e.getSQLState() + "): "
                        + e.getMessage()));
            }
        }
        return new Projector.Outcome(applied, duplicates, ignored, dead);
    }

    static boolean isDataError(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("22") || state.startsWith("23"));
    }
}
