package org.interviewpanel.analytics;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;

/**
 * Fills the per-session statistics once for the sessions projected before they existed (an upgrade), in the background,
 * a thousand sessions per transaction. Until it has finished the reports say they may be incomplete. Two instances
 * starting together both work through the list; refreshing a session twice gives the same rows.
 */
@ApplicationScoped
public class StatsBackfill {

    private static final Logger LOG = Logger.getLogger(StatsBackfill.class);
    private static final int CHUNK = 1000;

    @Inject
    AnalyticsStore store;

    @Inject
    ManagedExecutor executor;

    private volatile boolean done;

    void onStart(@Observes StartupEvent event) {
        executor.submit(this::run);
    }

    /** The statistics may lack sessions projected before they existed. */
    boolean pending() {
        if (done) {
            return false;
        }
        try (Connection c = store.connection();
                PreparedStatement ps = c.prepareStatement("select pending from analytics.stats_backfill where id = 1");
                ResultSet rs = ps.executeQuery()) {
            done = !rs.next() || !rs.getBoolean(1);
            return !done;
        } catch (SQLException e) {
            return true;
        }
    }

    void run() {
        if (!pending()) {
            return;
        }
        try {
            UUID after = new UUID(0, 0); // PostgreSQL orders uuids as unsigned bytes: this is the least
            long sessions = 0;
            while (true) {
                List<UUID> chunk = next(after);
                if (chunk.isEmpty()) {
                    break;
                }
                try (Connection c = store.connection()) {
                    c.setAutoCommit(false);
                    SessionStats.refresh(c, chunk);
                    c.commit();
                }
                sessions += chunk.size();
                after = chunk.get(chunk.size() - 1);
            }
            try (Connection c = store.connection();
                    PreparedStatement ps = c.prepareStatement("update analytics.stats_backfill set pending = false")) {
                ps.executeUpdate();
            }
            done = true;
            LOG.infof("Analytics statistics filled for %d sessions projected before they existed", sessions);
        } catch (SQLException e) {
            LOG.errorf("Analytics statistics could not be filled (%s); the next start tries again", e.toString());
        }
    }

    private List<UUID> next(UUID after) throws SQLException {
        List<UUID> ids = new ArrayList<>();
        try (Connection c = store.connection();
                PreparedStatement ps = c.prepareStatement("select session_id from analytics.session_fact "
                        + "where session_id > ? order by session_id limit " + CHUNK)) {
            ps.setObject(1, after);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getObject(1, UUID.class));
                }
            }
        }
        return ids;
    }
}
