package org.interviewpanel.analytics;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;

/**
 * The analytics database (its own datasource; by default the same PostgreSQL, schema {@code analytics}). Applies
 * batches in one transaction each, retrying when PostgreSQL aborts one (a deadlock between the live consumer and a
 * rebuild, or a serialization failure): the batch is idempotent, so a retry is always safe.
 */
@ApplicationScoped
public class AnalyticsStore {

    private static final Logger LOG = Logger.getLogger(AnalyticsStore.class);

    @Inject
    @DataSource("analytics")
    AgroalDataSource dataSource;

    @Inject
    Projector projector;

    public Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    /**
     * Applies a batch. When PostgreSQL refuses the data itself (SQLSTATE class 22 or 23, e.g. a NUL character or a
     * value out of range in an event that passed its schema), the batch is applied record by record and the records it
     * refuses come back as dead letters, so one bad event cannot stop the projection.
     */
    public Projector.Outcome apply(List<Projector.Raw> batch) throws SQLException {
        try {
            return applyRetrying(batch);
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
        for (Projector.Raw raw : batch) {
            try {
                Projector.Outcome one = applyRetrying(List.of(raw));
                applied += one.applied();
                duplicates += one.duplicates();
                ignored += one.ignored();
                dead.addAll(one.deadLetters());
            } catch (SQLException e) {
                if (!isDataError(e)) {
                    throw e;
                }
                dead.add(new Projector.DeadLetter(raw, "the database refused it (SQLSTATE " + e.getSQLState() + "): "
                        + e.getMessage()));
            }
        }
        return new Projector.Outcome(applied, duplicates, ignored, dead);
    }

    private Projector.Outcome applyRetrying(List<Projector.Raw> batch) throws SQLException {
        for (int attempt = 1;; attempt++) {
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                try {
                    Projector.Outcome outcome = projector.apply(c, batch);
                    c.commit();
                    return outcome;
                } catch (SQLException e) {
                    c.rollback();
                    throw e;
                }
            } catch (SQLException e) {
                boolean transientFailure = "40P01".equals(e.getSQLState()) || "40001".equals(e.getSQLState());
                if (!transientFailure || attempt >= 10) {
                    throw e;
                }
                LOG.debugf("analytics batch retried after %s (attempt %d)", e.getSQLState(), attempt);
                try {
                    Thread.sleep(ThreadLocalRandom.current().nextLong(10, 50L * attempt));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    static boolean isDataError(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("22") || state.startsWith("23"));
    }

    public void truncate() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            projector.truncate(c);
            c.commit();
        }
    }
}
