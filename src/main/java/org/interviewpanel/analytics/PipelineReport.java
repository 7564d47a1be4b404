package org.interviewpanel.analytics;

import java.sql.Date;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.interviewpanel.analytics.ReportDtos.Pipeline;
import org.interviewpanel.analytics.ReportDtos.PipelineRow;

import io.micrometer.core.annotation.Timed;

/** Sessions by position and week: scheduled, ended, cancelled, decided, the decisions and the hire rate. */
@ApplicationScoped
public class PipelineReport {

    @Inject
    ReportSql sql;

    @Inject
    Withholding withholding;

    @Inject
    StatsRefresher stats;

    @Timed(value = "panel.report", extraTags = { "report", "pipeline" }, histogram = true)
    public Pipeline pipeline(ReportFilter filter) {
        stats.catchUp();
        int withheld = withholding.count(filter);
        ReportFilter scope = withheld == 0 ? filter.withoutReader() : filter;
        List<Object> whereParams = new ArrayList<>();
        String where = scope.where(whereParams);
        return sql.inSnapshot(c -> {
            // Per position and week: the weekly rollups of the cells in scope and the session rows of the rest
            // (analytics.session_stat, kept by the projection), summed; the totals in the same pass (the empty
            // grouping set, which gives a row even over no session).
            Cells cells = Cells.of(c, scope, Rollups.SESSIONS);
            List<Object> params = new ArrayList<>();
            String sessions = Rollups.PIPELINE.scoped(cells, where, whereParams, params);
            List<Group> groups = new ArrayList<>();
            long[][] all = new long[1][];
            ReportSql.read(c, "select grouping(x.position, x.week), x.position, x.week, sum(x.sessions), sum(x.ended), "
                    + "sum(x.cancelled), sum(x.decided), sum(x.hire), sum(x.no_hire), sum(x.hold), count(*), "
                    + "max(x.decide_median) from (" + sessions + ") x group by grouping sets ((x.position, x.week), ()) "
                    + "order by 3, 2", params, rs -> {
                        while (rs.next()) {
                            long[] counts = new long[7];
                            for (int i = 0; i < counts.length; i++) {
                                counts[i] = rs.getLong(4 + i);
                            }
                            // a group made of one whole cell: that cell's own median is the group's
                            Double own = rs.getLong(11) == 1 ? ReportSql.nullable(rs, 12) : null;
                            if (rs.getInt(1) == 0) {
                                groups.add(new Group(rs.getString(2), rs.getDate(3), counts, own));
                            } else {
                                all[0] = counts;
                            }
                        }
                    });
            // The other groups' medians (and the totals') from the bucket counts.
            boolean needed = groups.stream().anyMatch(g -> g.ownMedian() == null && g.counts()[3] > 0);
            Map<List<Object>, Double> medians = needed ? Medians.byKeys(c, Rollups.DECISION,
                    Rollups.DECISION.keys().subList(2, 4), cells, where, whereParams) : Map.of();
            Double overall = Medians.byKeys(c, Rollups.DECISION, List.of(), cells, where, whereParams).get(List.of());
            List<PipelineRow> rows = new ArrayList<>();
            for (Group g : groups) {
                Double median = g.ownMedian() != null ? g.ownMedian()
                        : medians.get(Arrays.asList(g.position(), g.week()));
                rows.add(pipelineRow(g.position(), g.week(), g.counts(), median));
            }
            return new Pipeline(rows, pipelineRow("(all)", null, all[0], overall), withheld, withholding.rebuilding());
        });
    }

    /** A (position, week) row: its counts, and its own median when it is one whole cell. */
    private record Group(String position, Date week, long[] counts, Double ownMedian) {
    }

    /** counts: sessions, ended, cancelled, decided, hires, no-hires, holds. */
    private static PipelineRow pipelineRow(String position, Date week, long[] counts, Double hoursToDecision) {
        long decided = counts[3];
        long hires = counts[4];
        return new PipelineRow(position, week == null ? null : week.toLocalDate(), counts[0], counts[1], counts[2],
                decided, hires, counts[5], counts[6], decided == 0 ? null : ReportSql.round((double) hires / decided, 4),
                ReportSql.round(hoursToDecision, 2));
    }
}
