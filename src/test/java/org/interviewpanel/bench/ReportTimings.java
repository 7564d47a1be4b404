package org.interviewpanel.bench;

import static io.restassured.RestAssured.given;
import static org.interviewpanel.testsupport.Tokens.token;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import org.interviewpanel.analytics.AnalyticsStore;

/**
 * Times each report through the API (no filter, a month, a position) next to the bare SQL aggregate over the fact
 * tables behind it, in the same run; the analytics benches print it at each scale.
 */
public final class ReportTimings {

    /** A position both benches generate sessions for. */
    public static final String POSITION = "SRE";

    private ReportTimings() {
    }

    /**
     * Prints one line per report: median of five reads (after one untimed), bare aggregate, ratio, a month, a position.
     * The report's reads and the bare aggregate's take turns, so both meet the same machine: a vacuum or an analyze
     * running at the time (the refresher tidies the tables once it has caught up after a bulk load) slows both, not
     * only whichever came first. The line says how many of the ten reads met one; so does the result, over all four.
     */
    public static int print(String when, AnalyticsStore store) throws SQLException {
        int met = 0;
        for (String report : List.of("pipeline", "interviewers", "reliability", "questions")) {
            String bearer = token("hana");
            read(bearer, report, Map.of()); // untimed
            long[] api = new long[5];
            long[] bare = new long[5];
            int maintained = 0;
            for (int i = 0; i < api.length; i++) {
                maintained += maintenance(store);
                long t = System.nanoTime();
                read(bearer, report, Map.of());
                api[i] = (System.nanoTime() - t) / 1_000_000;
                maintained += maintenance(store);
                t = System.nanoTime();
                bareAggregate(store, report);
                bare[i] = (System.nanoTime() - t) / 1_000_000;
            }
            Arrays.sort(api);
            Arrays.sort(bare);
            long[] period = time(report, Map.of("from", "2026-03-01", "to", "2026-03-31"));
            long[] position = time(report, Map.of("position", POSITION));
            System.out.printf("%s: %-12s report median %,d ms (min %,d, max %,d) · bare SQL aggregate median %,d ms · "
                    + "ratio %.2f · a month %,d ms · a position %,d ms · reads meeting a vacuum or analyze %d of 10%n",
                    when, report, api[2], api[0], api[4], bare[2], (double) api[2] / Math.max(1, bare[2]), period[2],
                    position[2], maintained);
            met += maintained;
        }
        return met;
    }

    /**
     * Waits until no vacuum or analyze has run in PostgreSQL for two seconds (the refresher's maintenance after a bulk
     * load has ended); returns the seconds waited.
     */
    public static double awaitNoMaintenance(AnalyticsStore store) throws SQLException {
        long start = System.nanoTime();
        long quietSince = start;
        while (System.nanoTime() - quietSince < 2_000_000_000L) {
            if (maintenance(store) > 0) {
                quietSince = System.nanoTime();
            }
            if (System.nanoTime() - start > 300_000_000_000L) {
                throw new IllegalStateException("vacuums or analyzes kept running for five minutes");
            }
            LockSupport.parkNanos(100_000_000L);
        }
        return (quietSince - start) / 1e9;
    }

    /** 1 when a vacuum or an analyze runs in PostgreSQL (any database) at this moment, else 0. */
    private static int maintenance(AnalyticsStore store) throws SQLException {
        try (Connection c = store.connection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select (select count(*) from pg_stat_progress_vacuum) "
                        + "+ (select count(*) from pg_stat_progress_analyze)")) {
            rs.next();
            return rs.getLong(1) > 0 ? 1 : 0;
        }
    }

    private static void read(String bearer, String report, Map<String, String> query) {
        given().auth().oauth2(bearer).queryParams(query).get("/api/reports/" + report).then().statusCode(200);
    }

    /** Five timed reads of a report (after one untimed), sorted. */
    private static long[] time(String report, Map<String, String> query) {
        String bearer = token("hana");
        read(bearer, report, query);
        long[] ms = new long[5];
        for (int i = 0; i < ms.length; i++) {
            long t = System.nanoTime();
            read(bearer, report, query);
            ms[i] = (System.nanoTime() - t) / 1_000_000;
        }
        Arrays.sort(ms);
        return ms;
    }

    /** The bare SQL aggregate behind each report: the baseline its figure is compared with. */
    private static long bareAggregate(AnalyticsStore store, String report) throws SQLException {
        String sql = switch (report) {
            case "pipeline" -> "select count(*) from (select s.position, date_trunc('week', s.ref_time at time zone 'UTC'), "
                    + "count(*), count(s.ended_at), count(s.decision) from analytics.session_fact s group by 1, 2) x";
            case "interviewers" -> "select count(*) from (select username, count(*), avg(rating) "
                    + "from analytics.rating_fact where final and rating is not null group by 1) x";
            case "reliability" -> "select count(*) from (select session_id, position, count(*), avg(rating) "
                    + "from analytics.rating_fact where final and rating is not null group by 1, 2) x";
            case "questions" -> "select count(*) from (select i.question_key, count(r.rating), avg(r.rating), "
                    + "stddev_samp(r.rating) from analytics.item_fact i left join analytics.rating_fact r "
                    + "on r.session_id = i.session_id and r.position = i.position and r.final group by 1) x";
            default -> throw new IllegalArgumentException(report);
        };
        try (Connection c = store.connection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
