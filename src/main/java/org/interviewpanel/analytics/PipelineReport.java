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
        List<Object> params = new ArrayList<>();
        String where = filter.where(params);
        List<PipelineRow> rows = sql.query(
                "select coalesce(s.position, '(unknown)'), date_trunc('week', s.ref_time at time zone 'UTC')::date, "
                        + PIPELINE_COLUMNS + " from analytics.session_fact s where " + where + " group by 1, 2 order by 2, 1",
                params, rs -> pipelineRow(rs.getString(1), rs.getDate(2), rs, 3));
        List<PipelineRow> totals = sql.query("select " + PIPELINE_COLUMNS + " from analytics.session_fact s where " + where,
                params, rs -> pipelineRow("(all)", null, rs, 1));
        return new Pipeline(rows, totals.get(0), withheld, withholding.rebuilding());
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
