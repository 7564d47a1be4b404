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
        List<Object> params = new ArrayList<>();
        String where = scope.where(params);
        String from = ReportSql.stats("panelist_stat");
        Map<String, Double> delays = Medians.byText(sql, "s.username", "s.delay_minutes", from, "s.seat and " + where,
                params);
        // One row per seat (analytics.panelist_stat, kept by the projection), summed per interviewer.
        String query = "select s.username, sum(s.given_n), sum(s.given_sum)::float8 / nullif(sum(s.given_n), 0), "
                + "sum(s.lenient_sum) / nullif(sum(s.lenient_n), 0), sum(s.lenient_n), "
                + "count(*) filter (where s.seat and s.recommendation = 'STRONG_NO'), "
                + "count(*) filter (where s.seat and s.recommendation = 'NO'), "
                + "count(*) filter (where s.seat and s.recommendation = 'YES'), "
                + "count(*) filter (where s.seat and s.recommendation = 'STRONG_YES'), "
                + "count(*) filter (where s.seat and s.ended), count(*) filter (where s.seat and s.submitted and s.ended) "
                + "from " + from + " where " + where
                + " group by 1 having bool_or(s.seat) order by 1";
        List<InterviewerRow> rows = sql.query(query, params, rs -> {
            long seats = rs.getLong(10);
            long submitted = rs.getLong(11);
            return new InterviewerRow(rs.getString(1), names.apply(rs.getString(1)), rs.getLong(2),
                    ReportSql.round(ReportSql.nullable(rs, 3), 3),
                    ReportSql.round(ReportSql.nullable(rs, 4), 3), rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8),
                    rs.getLong(9), seats, submitted, seats == 0 ? null : ReportSql.round((double) submitted / seats, 4),
                    ReportSql.round(delays.get(rs.getString(1)), 1), rs.getLong(5) < MIN_COMPARED_ITEMS,
                    drifted.contains(rs.getString(1)));
        });
        return new Interviewers(rows, withheld, withholding.rebuilding());
    }
}
