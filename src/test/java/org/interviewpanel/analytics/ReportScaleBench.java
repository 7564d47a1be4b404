package org.interviewpanel.analytics;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.interviewpanel.bench.ReportTimings;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Benchmark (run with {@code mvn verify -Pbench}; prints numbers, asserts nothing about speed): how the reports' cost
 * grows with the data — 100,000, 1,000,000 and 10,000,000 ratings ({@code -Dbench.reports.scales}, in sessions of 20
 * ratings). The topic and the consumer would take over an hour to carry ten million ratings on this machine (their
 * rates are {@code AnalyticsBench}'s), so the facts are written straight into the analytics tables with the shape
 * {@code AnalyticsBench} generates (5 positions, 59 questions, 12 interviewers, a year of weeks; 4 panelists × 5 items),
 * then the application's own code computes the per-session statistics ({@link SessionStats}) and the weekly and daily rollups
 * ({@link Rollups}), and each report is read through the API next to its bare SQL aggregate. The analytics tables are
 * emptied before and after.
 */
@QuarkusTest
class ReportScaleBench {

    static final int[] SCALES = Arrays.stream(System.getProperty("bench.reports.scales", "5000,50000,500000").split(","))
            .mapToInt(v -> Integer.parseInt(v.strip())).toArray();

    /** Sessions per transaction while loading. */
    static final int CHUNK = 25_000;

    @Inject
    AnalyticsStore store;

    @Inject
    Projector projector;

    @Test
    void reportsAtEachScale() throws Exception {
        empty();
        try {
            int sessions = 0;
            for (int scale : SCALES) {
                long started = System.nanoTime();
                for (int from = sessions; from < scale; from += CHUNK) {
                    load(from, Math.min(scale, from + CHUNK));
                }
                double loaded = (System.nanoTime() - started) / 1e9;
                long t = System.nanoTime();
                int cells = rollups();
                double rolled = (System.nanoTime() - t) / 1e9;
                String at = String.format("ReportScaleBench [%,d ratings]", scale * 20L);
                System.out
                        .printf("%s: facts and per-session statistics for %,d sessions in %.1f s; %,d cells' weekly and daily "
                                + "rollups computed in %.1f s%n", at, scale - sessions, loaded, cells, rolled);
                sessions = scale;
                ReportTimings.print(at, store);
            }
        } finally {
            empty();
        }
    }

    /** Writes sessions [from, to) with their facts and computes their statistics, in one transaction. */
    private void load(int from, int to) throws SQLException {
        try (Connection c = store.connection()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("select setseed(" + (from % 1000) / 1000.0 + ")");
                st.execute("create temporary table scale_session on commit drop as select g, "
                        + "md5('scale-' || g)::uuid as id, "
                        + "(array['Platform engineer', '" + ReportTimings.POSITION + "', 'Data engineer', "
                        + "'Backend engineer', 'Staff engineer'])[1 + floor(random() * 5)::int] as pos, "
                        + "timestamptz '2026-01-05 09:00Z' + floor(random() * 364) * interval '1 day' "
                        + "+ floor(random() * 480) * interval '1 minute' as at, "
                        + "3 + (random() + random() + random() + random() - 2) * 1.7 as quality, "
                        + "floor(random() * 12)::int as first, floor(random() * 59)::int as q "
                        + "from generate_series(" + from + ", " + (to - 1) + ") g");
                st.execute("insert into analytics.session_fact (session_id, candidate_ref, position, question_set_id, "
                        + "question_set_name, panel_size, item_count, scheduled_at, started_at, ended_at, decided_at, "
                        + "decision) select id, md5('candidate-' || g)::uuid, pos, md5(pos)::uuid, pos || ' kit', 4, 5, "
                        + "at, at, at + interval '45 minutes', at + interval '45 minutes' "
                        + "+ (1 + floor(random() * 72)) * interval '1 hour', "
                        + "case when quality >= 3.3 then 'HIRE' when quality <= 2.7 then 'NO_HIRE' else 'HOLD' end "
                        + "from scale_session");
                st.execute("insert into analytics.item_fact (session_id, position, question_key, question_version, "
                        + "category, minutes, question_text) select id, i, 'kafka/bench/question-' || ((q + i * 11) % 59), "
                        + "1, 'kafka/bench', 8, 'Bench question ' || ((q + i * 11) % 59) || '?' "
                        + "from scale_session, generate_series(1, 5) i");
                st.execute("insert into analytics.ask_fact (session_id, position, asked_at) select id, i, "
                        + "at + ((i - 1) * 8 + floor(random() * 3)) * interval '1 minute' "
                        + "from scale_session, generate_series(1, 5) i");
                st.execute("insert into analytics.panelist_fact (session_id, username, lead, submitted_at, recommendation) "
                        + "select id, 'interviewer' || ((first + p * 3) % 12), p = 0, at + interval '45 minutes' "
                        + "+ (5 + floor(random() * 120)) * interval '1 minute', "
                        + "case when quality >= 3.8 then 'STRONG_YES' when quality >= 3 then 'YES' "
                        + "when quality >= 2.2 then 'NO' else 'STRONG_NO' end "
                        + "from scale_session, generate_series(0, 3) p");
                st.execute("insert into analytics.rating_fact (session_id, username, position, rating, revision, final) "
                        + "select id, 'interviewer' || ((first + p * 3) % 12), i, "
                        + "least(5, greatest(1, round(quality + (((first + p * 3) % 12) % 5 - 2) * 0.2 "
                        + "+ (random() + random() - 1) * 1.2)))::int, 1, true "
                        + "from scale_session, generate_series(0, 3) p, generate_series(1, 5) i");
            }
            List<UUID> ids = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("select id from scale_session");
                    var rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getObject(1, UUID.class));
                }
            }
            lock(c);
            SessionStats.markCells(c, c.createArrayOf("uuid", ids.toArray()), SessionStats.compute(c, ids));
            c.commit();
        }
    }

    /** Computes every marked cell's rollups, as the refresher does once it has caught up; returns how many cells. */
    private int rollups() throws SQLException {
        try (Connection c = store.connection()) {
            c.setAutoCommit(false);
            lock(c);
            int cells = 0;
            int done;
            do {
                done = Rollups.refreshDirty(c, 1_000);
                cells += done;
            } while (done > 0);
            c.commit();
            try (Statement st = c.createStatement()) {
                c.setAutoCommit(true);
                st.execute("analyze"); // what the refresher does after a bulk change, and more
            }
            return cells;
        }
    }

    private void empty() throws SQLException {
        try (Connection c = store.connection()) {
            c.setAutoCommit(false);
            lock(c);
            projector.truncate(c);
            c.commit();
        }
    }

    /** Takes the refresher's advisory lock, as a refresher pass does. */
    private static void lock(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("select 1 from (select pg_advisory_xact_lock(" + StatsRefresher.LOCK + ")) as locked");
        }
    }
}
