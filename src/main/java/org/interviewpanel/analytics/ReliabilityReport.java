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
        List<Object> whereParams = new ArrayList<>();
        String where = scope.where(whereParams);
        return sql.inSnapshot(c -> {
            // Per number of ratings on an item: how many times each rating 1-5 was given and the products of those
            // counts, all alpha needs; from the weekly rollups of the cells in scope and the item rows of the rest.
            StringBuilder columns = new StringBuilder("sum(x.items), sum(x.c1), sum(x.c2), sum(x.c3), sum(x.c4), sum(x.c5)");
            for (int v = 1; v <= 5; v++) {
                for (int w = v; w <= 5; w++) {
                    columns.append(", sum(x.p").append(v).append(w).append(")");
                }
            }
            List<Object> params = new ArrayList<>();
            String items = Rollups.AGREEMENT.scoped(Cells.of(c, scope, Rollups.ITEMS), where, whereParams, params);
            KrippendorffAlpha.Tally tally = new KrippendorffAlpha.Tally(RATINGS);
            ReportSql.read(c, "select x.n, " + columns + " from (" + items + ") x group by x.n", params, rs -> {
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
            List<Object> raterParams = new ArrayList<>();
            String seats = Rollups.INTERVIEWERS.scoped(Cells.of(c, scope, Rollups.SEATS), where, whereParams,
                    raterParams);
            long raters = ReportSql.query(c, "select count(*) from (select x.username from (" + seats
                    + ") x group by 1 having sum(x.given_n) > 0) y", raterParams, rs -> rs.getLong(1)).get(0);
            KrippendorffAlpha.Result ordinal = tally.ordinal();
            KrippendorffAlpha.Result interval = tally.interval();
            return new Reliability(ReportSql.round(ordinal.alpha(), 4), ReportSql.round(interval.alpha(), 4),
                    ordinal.units(), (int) raters, ordinal.pairableValues(),
                    ordinal.pairableValues() < MIN_PAIRABLE_VALUES, withheld, withholding.rebuilding());
        });
    }
}
