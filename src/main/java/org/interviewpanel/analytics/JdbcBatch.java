package org.interviewpanel.analytics;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * JDBC batches keyed by SQL text: one prepared statement per distinct statement, executed together at the end. Only for
 * statements whose order does not matter (the projection's upserts are order-independent).
 */
final class JdbcBatch implements AutoCloseable {

    private final Connection connection;
    private final Map<String, PreparedStatement> batches = new LinkedHashMap<>();

    JdbcBatch(Connection connection) {
        this.connection = connection;
    }

    void add(String sql, Object... values) throws SQLException {
        PreparedStatement ps = batches.get(sql);
        if (ps == null) {
            ps = connection.prepareStatement(sql);
            batches.put(sql, ps);
        }
        for (int i = 0; i < values.length; i++) {
            Object v = values[i];
            if (v == null) {
                ps.setNull(i + 1, Types.NULL); // the server infers the column's type
            } else {
                ps.setObject(i + 1, v);
            }
        }
        ps.addBatch();
    }

    void execute() throws SQLException {
        for (PreparedStatement ps : batches.values()) {
            ps.executeBatch();
        }
    }

    @Override
    public void close() throws SQLException {
        for (PreparedStatement ps : batches.values()) {
            ps.close();
        }
    }
}
