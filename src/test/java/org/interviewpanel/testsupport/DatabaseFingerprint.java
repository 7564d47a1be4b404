package org.interviewpanel.testsupport;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

/**
 * A digest of every row of the operational tables, to prove a refused request wrote nothing. Columns the application
 * changes on its own in the background (the relay's and the mail sender's bookkeeping) are left out, and so are
 * presence events, which closing sockets of earlier tests may still write, and the audit entries that a refused rating
 * change is meant to leave.
 */
public final class DatabaseFingerprint {

    private final DataSource dataSource;
    private List<String> tables;

    public DatabaseFingerprint(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** table → digest of its rows. */
    public Map<String, String> take() {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            if (tables == null) {
                tables = new ArrayList<>();
                try (ResultSet rs = s.executeQuery("select table_name from information_schema.tables where "
                        + "table_schema = 'public' and table_type = 'BASE TABLE' and table_name <> 'flyway_schema_history' "
                        + "order by 1")) {
                    while (rs.next()) {
                        tables.add(rs.getString(1));
                    }
                }
            }
            Map<String, String> digests = new LinkedHashMap<>();
            for (String table : tables) {
                String rows = switch (table) {
                    case "outbox_event" -> "(select id, aggregate_id, aggregate_version, type, payload from outbox_event "
                            + "where type not like 'interviewpanel.participant.%') t";
                    case "mail_outbox" -> "(select id, session_id, kind, recipient, message_id, created_at "
                            + "from mail_outbox) t";
                    case "audit_entry" -> "(select * from audit_entry where action <> 'RATING_CHANGE_AFTER_SUBMIT') t";
                    default -> table + " t";
                };
                try (ResultSet rs = s.executeQuery("select count(*) || ':' || coalesce(md5(string_agg(md5(t::text), '' "
                        + "order by md5(t::text))), '') from " + rows)) {
                    rs.next();
                    digests.put(table, rs.getString(1));
                }
            }
            return digests;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot fingerprint the database", e);
        }
    }

    /** The tables whose rows differ between two fingerprints. */
    public static List<String> changed(Map<String, String> before, Map<String, String> after) {
        return before.keySet().stream().filter(t -> !before.get(t).equals(after.get(t))).toList();
    }
}
