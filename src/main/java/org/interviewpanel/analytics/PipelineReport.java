package org.interviewpanel.analytics;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.interviewpanel.analytics.ReportDtos.Pipeline;
import org.interviewpanel.analytics.ReportDtos.PipelineRow;

import io.micrometer.core.annotation.Timed;

/** Sessions by position and week: scheduled, ended, cancelled, decided, the decisions and the hire rate. */
@ApplicationScoped
public class PipelineReport {

    private static final String PIPELINE_COLUMNS = "count(*), count(*) filter (where s.ended_at is not null), "
            + "count(*) filter (where s.cancelled_at is not null), count(*) filter (where s.decision is not null), "
            + "count(*) filter (where s.decision = 'HIRE'), count(*) filter (where s.decision = 'NO_HIRE'), "
            + "count(*) filter (where s.decision = 'HOLD'), "
            + "percentile_cont(0.5) within group (order by extract(epoch from s.decided_at - s.ended_at) / 3600.0) "
            + "filter (where s.decided_at is not null and s.ended_at is not null)";

    @Inject
    ReportSql sql;

    @Inject
    Withholding withholding;

    @Timed(value = "panel.report", extraTags = { "report", "pipeline" }, histogram = true)
    public Pipeline pipeline(ReportFilter filter) {
        int withheld = withholding.count(filter);
        ReportFilter scope = withheld == 0 ? filter.withoutReader() : filter;
        List<Object> params = new ArrayList<>();
        String where = scope.where(params);
        // The rows by position and week and the totals in one pass (the empty grouping set is the totals).
        List<PipelineRow> rows = new ArrayList<>();
        PipelineRow[] totals = new PipelineRow[1]; // the empty grouping set gives a row even over no session
        String position = "coalesce(s.position, '(unknown)')";
        String week = "date_trunc('week', s.ref_time at time zone 'UTC')::date";
        sql.withQuery("select grouping(" + position + ", " + week + "), " + position + ", " + week + ", "
                + PIPELINE_COLUMNS + " from analytics.session_fact s where " + where + " group by grouping sets (("
                + position + ", " + week + "), ()) order by 3, 2",
                params, rs -> {
                    while (rs.next()) {
                        if (rs.getInt(1) == 0) {
                            rows.add(pipelineRow(rs.getString(2), rs.getDate(3), rs, 4));
                        } else {
                            totals[0] = pipelineRow("(all)", null, rs, 4);
                        }
                    }
                });
        return new Pipeline(rows, totals[0], withheld, withholding.rebuilding());
    }

    private static PipelineRow pipelineRow(String position, Date week, ResultSet rs, int i) throws SQLException {
        long decided = rs.getLong(i + 3);
        long hires = rs.getLong(i + 4);
        return new PipelineRow(position, week == null ? null : week.toLocalDate(), rs.getLong(i), rs.getLong(i + 1),
                rs.getLong(i + 2), decided, hires, rs.getLong(i + 5), rs.getLong(i + 6),
                decided == 0 ? null : ReportSql.round((double) hires / decided, 4),
                ReportSql.round(ReportSql.nullable(rs, i + 7), 2));
    }
}
