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

    /** Prints one line per report: median of five reads (after one untimed), bare aggregate, ratio, a month, a position. */
    public static void print(String when, AnalyticsStore store) throws SQLException {
        for (String report : List.of("pipeline", "interviewers", "reliability", "questions")) {
            long[] api = time(report, Map.of());
            long[] bare = new long[5];
            for (int i = 0; i < bare.length; i++) {
                long t = System.nanoTime();
                bareAggregate(store, report);
                bare[i] = (System.nanoTime() - t) / 1_000_000;
            }
            Arrays.sort(bare);
            long[] period = time(report, Map.of("from", "2026-03-01", "to", "2026-03-31"));
            long[] position = time(report, Map.of("position", POSITION));
            System.out.printf("%s: %-12s report median %,d ms (min %,d, max %,d) · bare SQL aggregate median %,d ms · "
                    + "ratio %.2f · a month %,d ms · a position %,d ms%n", when, report, api[2], api[0], api[4], bare[2],
                    (double) api[2] / Math.max(1, bare[2]), period[2], position[2]);
        }
    }

    /** Five timed reads of a report (after one untimed), sorted. */
    private static long[] time(String report, Map<String, String> query) {
        String bearer = token("hana");
        given().auth().oauth2(bearer).queryParams(query).get("/api/reports/" + report).then().statusCode(200);
        long[] ms = new long[5];
        for (int i = 0; i < ms.length; i++) {
            long t = System.nanoTime();
            given().auth().oauth2(bearer).queryParams(query).get("/api/reports/" + report).then().statusCode(200);
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
