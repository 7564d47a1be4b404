package org.interviewpanel.kernel;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.jboss.logging.Logger;

/**
 * A queue table's size and the age of its oldest entry, for gauges (the outbox's events, the mail outbox's mails):
 * read with one query of the form {@code select count(*), <age in milliseconds> from ... where <not yet done>}.
 */
public final class Backlog {

    private static final Logger LOG = Logger.getLogger(Backlog.class);

    private final AtomicLong size = new AtomicLong();
    private final AtomicLong oldestAgeMillis = new AtomicLong();

    public AtomicLong size() {
        return size;
    }

    public AtomicLong oldestAgeMillis() {
        return oldestAgeMillis;
    }

    /**
     * Reads both figures; keeps the previous ones when the database does not answer. The query reads a queue's pending
     * rows through a partial index; in a transaction of its own it may not use a bitmap scan, which would visit the table
     * page of every row that left the queue since the last vacuum, every time (see the outbox relay's session).
     */
    public void refresh(DataSource dataSource, String query) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            try {
                s.execute("set local enable_bitmapscan = off");
                try (ResultSet rs = s.executeQuery(query)) {
                    if (rs.next()) {
                        size.set(rs.getLong(1));
                        oldestAgeMillis.set(Math.max(0, rs.getLong(2)));
                    }
                }
            } finally {
                c.rollback(); // it only read
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            LOG.debugf("Backlog statistics unavailable: %s", e.toString());
        }
    }
}
