package org.interviewpanel.kernel;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A plain JDBC transaction on a connection outside JTA (the hottest writes, which skip Narayana and Hibernate): what
 * the work returns is committed; null rolls back (the work wrote nothing it keeps); a failure rolls back and is thrown
 * on. The connection is left in autocommit mode, as the pool hands it out.
 */
public final class PlainTransaction {

    /** The work of the transaction, on its connection. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private PlainTransaction() {
    }

    public static <T> T run(Connection c, Work<T> work) throws SQLException {
        c.setAutoCommit(false);
        try {
            T result = work.run(c);
            if (result == null) {
                c.rollback();
            } else {
                c.commit();
            }
            return result;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }
}
