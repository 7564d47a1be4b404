package org.interviewpanel.analytics;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Runs the reports' read-only queries on the analytics datasource: bound parameters only (the filter's values never
 * enter the SQL text), large results streamed with a fetch size, and nothing written.
 */
@ApplicationScoped
public class ReportSql {

    @Inject
    AnalyticsStore store;

    interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    interface ResultConsumer {
        void accept(ResultSet rs) throws SQLException;
    }

    /** An array parameter: its PostgreSQL element type and values. */
    record SqlArray(String type, Object[] values) {
    }

    /** Reads {@code sql} on {@code c} (a snapshot's connection), each row through {@code mapper}. */
    static <T> List<T> query(Connection c, String sql, List<Object> params, RowMapper<T> mapper) throws SQLException {
        List<T> out = new ArrayList<>();
        read(c, sql, params, rs -> {
            while (rs.next()) {
                out.add(mapper.map(rs));
            }
        });
        return out;
    }

    /** Reads {@code sql} on {@code c} (a snapshot's connection), streamed with a fetch size. */
    static void read(Connection c, String sql, List<Object> params, ResultConsumer consumer) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setFetchSize(10_000);
            for (int i = 0; i < params.size(); i++) {
                Object p = params.get(i);
                ps.setObject(i + 1, p instanceof SqlArray a ? c.createArrayOf(a.type(), a.values()) : p);
            }
            try (ResultSet rs = ps.executeQuery()) {
                consumer.accept(rs);
            }
        }
    }

    <T> List<T> query(String sql, List<Object> params, RowMapper<T> mapper) {
        List<T> out = new ArrayList<>();
        withQuery(sql, params, rs -> {
            while (rs.next()) {
                out.add(mapper.map(rs));
            }
        });
        return out;
    }

    void withQuery(String sql, List<Object> params, ResultConsumer consumer) {
        try (Connection c = store.connection()) {
            c.setAutoCommit(false); // lets PostgreSQL stream large results with a fetch size
            try {
                read(c, sql, params, consumer);
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("report query failed", e);
        }
    }

    interface SnapshotWork<T> {
        T run(Connection c) throws SQLException;
    }

    /** Runs several reads in one read-only snapshot (repeatable read), so they see the same data. */
    <T> T inSnapshot(SnapshotWork<T> work) {
        try (Connection c = store.connection()) {
            c.setAutoCommit(false);
            try (var st = c.createStatement()) {
                st.execute("set transaction isolation level repeatable read, read only");
            }
            try {
                return work.run(c);
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("report query failed", e);
        }
    }

    /**
     * A per-session statistics table under the alias {@code s}: it carries the session's filter columns under
     * {@code session_fact}'s names, so the filter's condition ({@link ReportFilter#where}) applies to it without a join.
     */
    static String stats(String table) {
        return "analytics." + table + " s";
    }

    static Double nullable(ResultSet rs, int column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }

    /** Rounds for display; NaN and null (undefined) become null. */
    static Double round(Double value, int digits) {
        if (value == null || value.isNaN() || value.isInfinite()) {
            return null;
        }
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }
}
