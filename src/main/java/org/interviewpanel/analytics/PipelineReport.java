package org.interviewpanel.analytics;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
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
            Map<List<Object>, Double> medians = Medians.byKeys(c, Rollups.DECISION,
                    Rollups.DECISION.keys().subList(2, 4), cells, where, whereParams);
            Map<List<Object>, Double> overall = Medians.byKeys(c, Rollups.DECISION, List.of(), cells, where,
                    whereParams);
            List<Object> params = new ArrayList<>();
            String sessions = Rollups.PIPELINE.scoped(cells, where, whereParams, params);
            List<PipelineRow> rows = new ArrayList<>();
            PipelineRow[] totals = new PipelineRow[1];
            ReportSql.read(c, "select grouping(x.position, x.week), x.position, x.week, sum(x.sessions), sum(x.ended), "
                    + "sum(x.cancelled), sum(x.decided), sum(x.hire), sum(x.no_hire), sum(x.hold) from (" + sessions
                    + ") x group by grouping sets ((x.position, x.week), ()) order by 3, 2", params, rs -> {
                        while (rs.next()) {
                            if (rs.getInt(1) == 0) {
                                Date week = rs.getDate(3);
                                rows.add(pipelineRow(rs.getString(2), week, rs,
                                        medians.get(Arrays.asList(rs.getString(2), week))));
                            } else {
                                totals[0] = pipelineRow("(all)", null, rs, overall.get(List.of()));
                            }
                        }
                    });
            return new Pipeline(rows, totals[0], withheld, withholding.rebuilding());
        });
    }

    private static PipelineRow pipelineRow(String position, Date week, ResultSet rs, Double hoursToDecision)
            throws SQLException {
        long decided = rs.getLong(7);
        long hires = rs.getLong(8);
        return new PipelineRow(position, week == null ? null : week.toLocalDate(), rs.getLong(4), rs.getLong(5),
                rs.getLong(6), decided, hires, rs.getLong(9), rs.getLong(10),
                decided == 0 ? null : ReportSql.round((double) hires / decided, 4), ReportSql.round(hoursToDecision, 2));
    }
}
