package org.interviewpanel.analytics;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.faulttolerance.Retry;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;

/**
 * The analytics database: its own datasource (by default the same PostgreSQL, schema {@code analytics}), one
 * transaction per batch.
 */
@ApplicationScoped
public class AnalyticsStore {

    /** PostgreSQL aborted the transaction for a reason that a retry clears (a deadlock, a serialization failure). */
    static final class TransientFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TransientFailure(SQLException cause) {
            super(cause.getMessage(), cause);
        }
    }

    @Inject
    @DataSource("analytics")
    AgroalDataSource dataSource;

    @Inject
    Projector projector;

    public Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    /** Reads a batch and applies it ({@link #applyInTransaction(Projector.Read)}). */
    public Projector.Outcome applyInTransaction(List<TopicRecord> batch) throws SQLException {
        return applyInTransaction(projector.read(batch));
    }

    /**
     * Applies a batch already read ({@link Projector#read}) in one transaction. A deadlock between the live consumer and
     * a rebuild is retried at once: the batch is idempotent, so a retry is always safe.
     */
    @Retry(retryOn = TransientFailure.class, maxRetries = 10, delay = 30, jitter = 20)
    public Projector.Outcome applyInTransaction(Projector.Read batch) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Projector.Outcome outcome = projector.apply(c, batch);
                c.commit();
                return outcome;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw transientOr(e);
        }
    }

    /**
     * Empties the analytics tables (a rebuild's start). The truncate locks every table in turn, so a report or the
     * refresher holding one of them while it waits for another deadlocks with it, and PostgreSQL aborts one of the two:
     * when it is the truncate, it is retried. It takes the statistics refresher's lock before any table.
     */
    @Retry(retryOn = TransientFailure.class, maxRetries = 10, delay = 100, jitter = 50)
    public void truncate() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                // First the refresher's lock: a pass under way ends before the truncate queues for the tables, so
                // the half a pass computes alongside never waits behind the truncate while the pass waits for it.
                try (Statement st = c.createStatement()) {
                    st.execute(StatsRefresher.WAIT_FOR_LOCK);
                }
                projector.truncate(c);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw transientOr(e);
        }
    }

    /** A deadlock or a serialization failure as a {@link TransientFailure} to retry; any other error as it is. */
    private static SQLException transientOr(SQLException e) {
        if ("40P01".equals(e.getSQLState()) || "40001".equals(e.getSQLState())) {
            throw new TransientFailure(e);
        }
        return e;
    }
}
