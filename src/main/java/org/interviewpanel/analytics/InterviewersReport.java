package org.interviewpanel.analytics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.interviewpanel.analytics.ReportDtos.InterviewerRow;
import org.interviewpanel.analytics.ReportDtos.Interviewers;
import org.interviewpanel.security.PeopleDirectory;

import io.micrometer.core.annotation.Timed;

/**
 * Per interviewer: ratings given and their mean, leniency (how far above or below the rest of the panel on the same
 * items), recommendations, and how promptly scorecards come in. Read from the per-seat statistics the projection keeps
 * ({@link SessionStats}).
 */
@ApplicationScoped
public class InterviewersReport {

    /** Leniency over fewer co-rated items is flagged as unreliable. */
    static final int MIN_COMPARED_ITEMS = 20;

    @Inject
    ReportSql sql;

    @Inject
    Withholding withholding;

    @Inject
    StatsRefresher stats;

    @Inject
    PeopleDirectory people;

    @Inject
    DriftReport drift;

    @Timed(value = "panel.report", extraTags = { "report", "interviewers" }, histogram = true)
    public Interviewers interviewers(ReportFilter filter) {
        stats.catchUp();
        int withheld = withholding.count(filter);
        var names = people.names();
        var drifted = drift.flagsFor(new ReportFilter(null, null, null, null, null, filter.reader()));
        ReportFilter scope = withheld == 0 ? filter.withoutReader() : filter;
        List<Object> whereParams = new ArrayList<>();
        String where = scope.where(whereParams);
        return sql.inSnapshot(c -> {
            Cells cells = Cells.of(c, scope, Rollups.SEATS);
            Map<String, Double> delays = Medians.byText(c, Rollups.DELAY, cells, where, whereParams);
            // Per interviewer: the weekly rollups of the cells in scope and the seat rows of the rest
            // (analytics.panelist_stat, kept by the projection), summed.
            List<Object> params = new ArrayList<>();
            String seats = Rollups.INTERVIEWERS.scoped(cells, where, whereParams, params);
            List<InterviewerRow> rows = ReportSql.query(c, "select x.username, sum(x.given_n), "
                    + "sum(x.given_sum)::float8 / nullif(sum(x.given_n), 0), "
                    + "sum(x.lenient_scaled)::float8 / " + SessionStats.LENIENCY_SCALE + " / nullif(sum(x.lenient_n), 0), "
                    + "sum(x.lenient_n), sum(x.strong_no), sum(x.no), "
                    + "sum(x.yes), sum(x.strong_yes), sum(x.ended), sum(x.submitted) from (" + seats + ") x "
                    + "group by 1 having sum(x.seats) > 0 order by 1", params, rs -> {
                        long ended = rs.getLong(10);
                        long submitted = rs.getLong(11);
                        String who = rs.getString(1);
                        return new InterviewerRow(who, names.apply(who), rs.getLong(2),
                                ReportSql.round(ReportSql.nullable(rs, 3), 3), ReportSql.round(ReportSql.nullable(rs, 4), 3),
                                rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9), ended, submitted,
                                ended == 0 ? null : ReportSql.round((double) submitted / ended, 4),
                                ReportSql.round(delays.get(who), 1), rs.getLong(5) < MIN_COMPARED_ITEMS,
                                drifted.contains(who));
                    });
            return new Interviewers(rows, withheld, withholding.rebuilding());
        });
    }
}
