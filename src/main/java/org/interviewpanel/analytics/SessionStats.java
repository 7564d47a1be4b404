package org.interviewpanel.analytics;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * Keeps {@code analytics.item_stat}, {@code analytics.panelist_stat} and {@code analytics.session_stat}. The projection
 * marks the sessions it changes ({@link #mark}, in its transaction, before any fact); {@link StatsRefresher} computes
 * their rows again from their facts ({@link #compute}). Computing a whole session again (not adding one event's
 * delta) keeps the rows right whatever order events arrive in, twice or late: they are a function of the facts, which
 * are.
 * <p>
 * Why a session's rows are never left stale: each mark carries a new version; the refresher reads the marks, computes
 * the sessions from the facts committed by then, and removes only the marks whose version it read. A projection that
 * changes a session meanwhile writes a new version first (and, if it is still open, makes the removal wait for its
 * commit, then see that version), so that session's mark stays for the next pass. One pass at a time (an advisory lock,
 * {@link StatsRefresher}; a pass may compute half its sessions on a second connection, the halves apart), so two never
 * write the same session's rows; the projection never waits for it.
 */
final class SessionStats {

    /**
     * Leniency is kept in whole 1/27720ths (lcm(1..12)): a rating's distance from the mean of the other panel ratings of
     * its item, (n - 1) of them with n at most 6, is a whole number of them, so every sum of it is exact and a mean of it
     * does not depend on the order the rows were added in (weeks, days, sessions).
     */
    static final int LENIENCY_SCALE = 27_720;

    /** The week (Monday, UTC) of a session's reference time: the first part of its rollup cell ({@link Rollups}). */
    static final String WEEK = "date_trunc('week', s.ref_time at time zone 'UTC')::date";

    /** The cells the sessions' statistics rows are in (one per session: see {@link #MARK_CELLS}). */
    private static final String CELLS_OF = "select distinct week, position, question_set_id "
            + "from analytics.session_stat where session_id = any(?) "
            + "and week is not null and position is not null and question_set_id is not null";

    /**
     * Marks the cells the sessions' statistics rows are in and the cells given (those they were in before), so their
     * rollups are computed again. A session's rows are all in one cell, its {@code session_stat} row's: every row takes
     * the cell from the same session fact, in the same computation ({@link #compute}). One statement, in the cells'
     * order: two passes marking cells at once take them in the same order, so neither waits for the other in a cycle.
     */
    private static final String MARK_CELLS = "insert into analytics.cell_dirty (week, position, question_set_id) "
            + CELLS_OF + " union select * from unnest(?::date[], ?::text[], ?::uuid[]) "
            + "order by 1, 2, 3 on conflict do nothing";

    private static final String SESSIONS = "insert into analytics.session_stat (session_id, ended, cancelled, decision, "
            + "decide_hours, ref_time, position, question_set_id, week) "
            + "select s.session_id, s.ended_at is not null, s.cancelled_at is not null, s.decision, "
            + "(extract(epoch from s.decided_at - s.ended_at) / 3600.0)::float8, s.ref_time, s.position, "
            + "s.question_set_id, " + WEEK + " from analytics.session_fact s where s.session_id = any(?)";

    private static final String ITEMS = "insert into analytics.item_stat (session_id, item, question_key, category, "
            + "question_text, asked, spent_minutes, n, total, sumsq, c1, c2, c3, c4, c5, decision, ref_time, position, "
            + "question_set_id, week) "
            + "with r as (select session_id, position, count(*) as n, sum(rating) as total, sum(rating * rating) as sumsq, "
            + "  count(*) filter (where rating = 1) as c1, count(*) filter (where rating = 2) as c2, "
            + "  count(*) filter (where rating = 3) as c3, count(*) filter (where rating = 4) as c4, "
            + "  count(*) filter (where rating = 5) as c5 "
            + "  from analytics.rating_fact where session_id = any(?) and final and rating is not null and not shadow "
            + "  group by 1, 2), "
            // time spent: from each question.asked to the next one in the session (or the end), summed per item
            + "visits as (select a.session_id, a.position, a.asked_at, s.ended_at, "
            + "  lead(a.asked_at) over (partition by a.session_id order by a.asked_at, a.position) as next_at "
            + "  from analytics.ask_fact a join analytics.session_fact s using (session_id) "
            + "  where a.session_id = any(?) and s.session_id = any(?)), "
            + "spent as (select session_id, position, "
            + "  sum(extract(epoch from coalesce(next_at, ended_at) - asked_at) / 60.0) as minutes "
            + "  from visits where coalesce(next_at, ended_at) is not null group by 1, 2), "
            + "asked as (select distinct session_id, position from analytics.ask_fact where session_id = any(?)), "
            + "items as (select session_id, position from analytics.item_fact where session_id = any(?) "
            + "  union select session_id, position from r) "
            + "select k.session_id, k.position, i.question_key, i.category, i.question_text, asked.position is not null, "
            + "sp.minutes::float8, coalesce(r.n, 0), coalesce(r.total, 0), coalesce(r.sumsq, 0), coalesce(r.c1, 0), "
            + "coalesce(r.c2, 0), coalesce(r.c3, 0), coalesce(r.c4, 0), coalesce(r.c5, 0), s.decision, s.ref_time, "
            + "s.position, s.question_set_id, " + WEEK + " "
            + "from items k "
            + "left join (select * from analytics.item_fact where session_id = any(?)) i using (session_id, position) "
            + "left join r using (session_id, position) left join spent sp using (session_id, position) "
            + "left join asked using (session_id, position) "
            + "join analytics.session_fact s on s.session_id = k.session_id and s.session_id = any(?)";

    private static final String SEATS = "insert into analytics.panelist_stat (session_id, username, seat, submitted, "
            + "ended, delay_minutes, recommendation, given_n, given_sum, lenient_scaled, lenient_n, ref_time, position, "
            + "question_set_id, week) "
            + "with r as (select session_id, position, username, rating from analytics.rating_fact "
            + "  where session_id = any(?) and final and rating is not null and not shadow), "
            + "item as (select session_id, position, sum(rating) as total, count(*) as n from r group by 1, 2), "
            + "own as (select r.session_id, r.username, count(*) as given_n, sum(r.rating) as given_sum, "
            + "  sum(r.rating * " + LENIENCY_SCALE + " - (i.total - r.rating) * (" + LENIENCY_SCALE + " / (i.n - 1))) "
            + "    filter (where i.n > 1) as lenient_scaled, "
            + "  count(*) filter (where i.n > 1) as lenient_n "
            + "  from r join item i using (session_id, position) group by 1, 2) "
            + "select p.session_id, p.username, not p.shadow, p.submitted_at is not null, s.ended_at is not null, "
            + "(extract(epoch from p.submitted_at - s.ended_at) / 60.0)::float8, p.recommendation, "
            + "coalesce(own.given_n, 0), coalesce(own.given_sum, 0), coalesce(own.lenient_scaled, 0), "
            + "coalesce(own.lenient_n, 0), s.ref_time, s.position, s.question_set_id, " + WEEK + " "
            + "from analytics.panelist_fact p join analytics.session_fact s using (session_id) "
            + "left join own using (session_id, username) "
            + "where p.session_id = any(?) and s.session_id = any(?)";

    private SessionStats() {
    }

    /** Marks the sessions for the refresher, in the caller's (the projection's) transaction. */
    static void mark(Connection c, Collection<UUID> sessions) throws SQLException {
        if (sessions.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("insert into analytics.stats_dirty (session_id) "
                + "select id from unnest(?) as id order by id "
                + "on conflict (session_id) do update set version = excluded.version, backlog = false")) {
            ps.setArray(1, c.createArrayOf("uuid", sessions.toArray()));
            ps.executeUpdate();
        }
    }

    /**
     * Marks every session with facts as backlog, in one statement the caller commits (holding the refresher's lock):
     * a rebuild's end, after its replay wrote the facts without marking. A session the projection marked already keeps
     * its mark (and its turn); a backlog mark waits for every other one ({@link #marked}).
     */
    static int markBacklog(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            return st.executeUpdate("insert into analytics.stats_dirty (session_id, backlog) "
                    + "select session_id, true from analytics.session_fact order by 1 "
                    + "on conflict (session_id) do nothing");
        }
    }

    /** Marked sessions, each with the version of its mark that was read. */
    record Marks(List<UUID> sessions, List<Long> versions) {

        int size() {
            return sessions.size();
        }

        /** The marks from {@code from} (inclusive) to {@code to} (exclusive). */
        Marks part(int from, int to) {
            return new Marks(sessions.subList(from, to), versions.subList(from, to));
        }
    }

    /**
     * The cells a computation's sessions were in before it ({@link #compute}), to be marked with those they are in
     * after it ({@link #settle}).
     */
    record Left(Array weeks, Array positions, Array sets) {
    }

    /**
     * Up to {@code limit} marks: the projection's first, in the order they were made; a rebuild's backlog after them,
     * so it holds back no report's freshness by more than a pass.
     */
    static Marks marked(Connection c, int limit) throws SQLException {
        List<UUID> sessions = new ArrayList<>();
        List<Long> versions = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "select session_id, version from analytics.stats_dirty order by backlog, version limit ?")) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sessions.add(rs.getObject(1, UUID.class));
                    versions.add(rs.getLong(2));
                }
            }
        }
        return new Marks(sessions, versions);
    }

    /**
     * Marks the cells of the computed sessions ({@link #compute}) and removes the marks read, in the caller's
     * transaction: a pass's last writes. Marks whose version changed since they were read stay (the projection changed
     * the session meanwhile).
     */
    static void settle(Connection c, Marks marks, Left left) throws SQLException {
        Array ids = c.createArrayOf("uuid", marks.sessions().toArray());
        markCells(c, ids, left);
        try (PreparedStatement ps = c.prepareStatement("delete from analytics.stats_dirty d using unnest(?, ?) as seen(id, v) "
                + "where d.session_id = seen.id and d.version = seen.v")) {
            ps.setArray(1, ids);
            ps.setArray(2, c.createArrayOf("int8", marks.versions().toArray()));
            ps.executeUpdate();
        }
    }

    /** Marks the cells of the computed sessions: those they are in and those they were in ({@code left}). */
    static void markCells(Connection c, Array ids, Left left) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(MARK_CELLS)) {
            ps.setArray(1, ids);
            ps.setArray(2, left.weeks());
            ps.setArray(3, left.positions());
            ps.setArray(4, left.sets());
            ps.executeUpdate();
        }
    }

    /**
     * Computes the sessions' statistics rows again from their facts, in the caller's transaction; returns the cells
     * their rows were in before (a session rescheduled to another week moves), which marks no cell yet.
     */
    static Left compute(Connection c, List<UUID> sessions) throws SQLException {
        List<Object> weeks = new ArrayList<>();
        List<Object> positions = new ArrayList<>();
        List<Object> sets = new ArrayList<>();
        Array ids = c.createArrayOf("uuid", sessions.toArray());
        try (PreparedStatement ps = c.prepareStatement(CELLS_OF)) {
            ps.setArray(1, ids);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    weeks.add(rs.getString(1)); // as the server writes it: no time zone in between
                    positions.add(rs.getString(2));
                    sets.add(rs.getObject(3, UUID.class));
                }
            }
        }
        execute(c, "delete from analytics.item_stat where session_id = any(?)", ids, 1);
        execute(c, "delete from analytics.panelist_stat where session_id = any(?)", ids, 1);
        execute(c, "delete from analytics.session_stat where session_id = any(?)", ids, 1);
        withoutNestedLoops(c, (sql, times) -> execute(c, sql, ids, times));
        execute(c, SESSIONS, ids, 1);
        return new Left(c.createArrayOf("text", weeks.toArray()), c.createArrayOf("text", positions.toArray()),
                c.createArrayOf("uuid", sets.toArray()));
    }

    /** Runs a statistics statement whose {@code times} parameters are the sessions. */
    @FunctionalInterface
    interface Run {
        void run(String sql, int times) throws SQLException;
    }

    /**
     * Runs {@link #ITEMS} and {@link #SEATS} with nested loops off, in the caller's transaction (the setting is as it
     * was for the rest of it). The planner takes two filters on the same sessions ({@code p.session_id = any(?)} and
     * {@code s.session_id = any(?)}, which keep both reads on their indexes) as independent, so it estimates their join
     * at a row or so; it then joined the per-panelist (per-item) aggregates in a nested loop, computing them again for
     * every row of the join: while the live projection ran at 1,000,000 ratings the seats statement took 60 ms a pass
     * on average and up to 640 ms, eight times its cost in a rebuild (stop 44, {@code auto_explain}). Every input of
     * the two is a few rows per session, read by index for the pass's sessions, so hash joins suit each of their joins.
     */
    static void withoutNestedLoops(Connection c, Run run) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("set local enable_nestloop = off");
            run.run(ITEMS, 7);
            run.run(SEATS, 3);
            st.execute("set local enable_nestloop to default");
        }
    }

    private static void execute(Connection c, String sql, Array ids, int times) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 1; i <= times; i++) {
                ps.setArray(i, ids);
            }
            ps.executeUpdate();
        }
    }
}
