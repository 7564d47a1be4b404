package org.interviewpanel.analytics;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.interviewpanel.kernel.ProblemException;
import org.interviewpanel.kernel.ProblemType;
import org.jboss.logging.Logger;

/**
 * The rebuild's lease: one row in {@code analytics.rebuild_state}, claimed atomically with a token. The holder writes
 * its progress and a heartbeat; a claim whose heartbeat is older than a minute (its instance died) may be taken over,
 * after which the old holder's writes match no row and it stops.
 */
@ApplicationScoped
public class RebuildState {

    private static final Logger LOG = Logger.getLogger(RebuildState.class);

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

    /** Another instance claimed the rebuild (this one looked dead): stop without touching the state. */
    static final class TakenOver extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TakenOver() {
            super("the rebuild was taken over", null, false, false);
        }
    }

    @Inject
    AnalyticsStore store;

    /** Claims the rebuild; 409 when one is running and alive. */
    UUID claim(String by) {
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

    void heartbeat(UUID token) throws SQLException {
        update(token, "heartbeat_at = now()", null);
    }

    void total(UUID token, long total) throws SQLException {
        update(token, "total = ?", total);
    }

    void done(UUID token, long done) throws SQLException {
        update(token, "done = ?", done);
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

    void finish(UUID token, String state, String error) {
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

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
