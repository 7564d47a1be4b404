package org.interviewpanel.analytics;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.interviewpanel.analytics.ReportDtos.Reliability;
import org.interviewpanel.analytics.stats.KrippendorffAlpha;

import io.micrometer.core.annotation.Timed;

/** Inter-rater reliability of the final ratings: Krippendorff's alpha, ordinal and interval. */
@ApplicationScoped
public class ReliabilityReport {

    /** Alpha over fewer pairable values is flagged as unreliable. */
    static final int MIN_PAIRABLE_VALUES = 30;

    /** The rating scale. */
    private static final int[] RATINGS = { 1, 2, 3, 4, 5 };

    @Inject
    ReportSql sql;

    @Inject
    Withholding withholding;

    @Inject
    StatsRefresher stats;

    @Timed(value = "panel.report", extraTags = { "report", "reliability" }, histogram = true)
    public Reliability reliability(ReportFilter filter) {
        stats.catchUp();
        int withheld = withholding.count(filter);
        ReportFilter scope = withheld == 0 ? filter.withoutReader() : filter;
        List<Object> params = new ArrayList<>();
        String where = scope.where(params);
        // Per item (analytics.item_stat, kept by the projection): how many times each rating 1-5 was given. Items with
        // the same number of ratings are summed together with the products of their counts, all alpha needs.
        StringBuilder products = new StringBuilder();
        for (int v = 1; v <= 5; v++) {
            for (int w = v; w <= 5; w++) {
                products.append(", sum(s.c").append(v).append(" * s.c").append(w).append(")");
            }
        }
        KrippendorffAlpha.Tally tally = new KrippendorffAlpha.Tally(RATINGS);
        sql.withQuery("select s.n, count(*), sum(s.c1), sum(s.c2), sum(s.c3), sum(s.c4), sum(s.c5)" + products
                + " from " + ReportSql.stats("item_stat") + " where s.n >= 2 and " + where
                + " group by s.n", params, rs -> {
                    while (rs.next()) {
                        long[] counts = new long[RATINGS.length];
                        long[][] pairs = new long[RATINGS.length][RATINGS.length];
                        int column = 3;
                        for (int v = 0; v < RATINGS.length; v++) {
                            counts[v] = rs.getLong(column++);
                        }
                        for (int v = 0; v < RATINGS.length; v++) {
                            for (int w = v; w < RATINGS.length; w++) {
                                pairs[v][w] = rs.getLong(column++);
                                pairs[w][v] = pairs[v][w];
                            }
                        }
                        tally.add(rs.getInt(1), rs.getLong(2), counts, pairs);
                    }
                });
        long raters = sql.query("select count(distinct s.username) from " + ReportSql.stats("panelist_stat")
                + " where s.given_n > 0 and " + where, params,
                rs -> rs.getLong(1)).get(0);
        KrippendorffAlpha.Result ordinal = tally.ordinal();
        KrippendorffAlpha.Result interval = tally.interval();
        return new Reliability(ReportSql.round(ordinal.alpha(), 4), ReportSql.round(interval.alpha(), 4), ordinal.units(),
                (int) raters,
                ordinal.pairableValues(), ordinal.pairableValues() < MIN_PAIRABLE_VALUES, withheld, withholding.rebuilding());
    }
}
