package org.interviewpanel.analytics;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JDBC batches keyed by SQL text: one prepared statement per distinct statement, executed together at the end. Only for
 * statements whose order does not matter (the projection's upserts are order-independent).
 * <p>
 * Rows are folded by key before anything is sent: of the rows one statement gets for one key (its conflict target),
 * only the row of highest rank is sent, the first of equal ranks — what applying them one after the other would leave,
 * when the rank is what the statement's upsert compares (a revision, a sequence), or the position in the batch for an
 * unconditional update, or a constant for "do nothing". So no statement carries a key twice, and the driver may send a
 * batch as multi-row inserts ({@code reWriteBatchedInserts}; PostgreSQL refuses an upsert that meets its own row twice).
 * <p>
 * Across statements, a row can be made moot by another statement's row for the same key ({@link #supersede}): then it is
 * not sent at all.
 */
final class JdbcBatch {

    private record Row(long rank, Object[] values) {
    }

    private final Connection connection;
    private final Map<String, Map<Object, Row>> batches = new LinkedHashMap<>();
    private final Map<String, List<String>> superseded = new LinkedHashMap<>();
    private long added;

    JdbcBatch(Connection connection) {
        this.connection = connection;
    }

    /**
     * Adds a row for {@code key} (the statement's conflict target): it replaces the row of the same key and a lower
     * rank, else it is dropped (see the class comment).
     */
    void fold(String sql, Object key, long rank, Object... values) {
        rows(sql).merge(key, new Row(rank, values), (old, row) -> row.rank() > old.rank() ? row : old);
        added++;
    }

    /** The batch's position of the next row: the rank for "the later one wins". */
    long sequence() {
        return added;
    }

    /**
     * A row of {@code moot} is not sent when one of {@code by}'s statements has a row for its key: for statements whose
     * result, applied in either order with that row, is the row's result alone (the final rating over a provisional one,
     * which it overwrites and which cannot overwrite it; an insert that does nothing over an upsert of the same columns
     * and more).
     */
    void supersede(String moot, List<String> by) {
        superseded.put(moot, by);
    }

    private Map<Object, Row> rows(String sql) {
        return batches.computeIfAbsent(sql, s -> new LinkedHashMap<>());
    }

    void execute() throws SQLException {
        superseded.forEach((moot, by) -> {
            Map<Object, Row> rows = batches.get(moot);
            if (rows != null) {
                for (String sql : by) {
                    Map<Object, Row> over = batches.get(sql);
                    if (over != null) {
                        rows.keySet().removeAll(over.keySet());
                    }
                }
            }
        });
        for (Map.Entry<String, Map<Object, Row>> batch : batches.entrySet()) {
            if (batch.getValue().isEmpty()) {
                continue;
            }
            try (PreparedStatement ps = connection.prepareStatement(batch.getKey())) {
                for (Row row : batch.getValue().values()) {
                    for (int i = 0; i < row.values().length; i++) {
                        Object v = row.values()[i];
                        if (v == null) {
                            ps.setNull(i + 1, Types.NULL); // the server infers the column's type
                        } else {
                            ps.setObject(i + 1, v);
                        }
                    }
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
    }
}
