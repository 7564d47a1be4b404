package org.interviewpanel.analytics;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

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

    public Projector.Outcome apply(List<Projector.Raw> batch) throws SQLException {
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
                if (!transientFailure || attempt >= 5) {
                    throw e;
                }
                LOG.debugf("analytics batch retried after %s (attempt %d)", e.getSQLState(), attempt);
            }
        }
    }

    public void truncate() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            projector.truncate(c);
            c.commit();
        }
    }
}
