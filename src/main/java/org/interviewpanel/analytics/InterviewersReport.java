package org.interviewpanel.analytics;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.interviewpanel.analytics.ReportDtos.InterviewerRow;
import org.interviewpanel.analytics.ReportDtos.Interviewers;
import org.interviewpanel.security.PeopleDirectory;

import io.micrometer.core.annotation.Timed;

/**
 * Per interviewer: ratings given and their mean, leniency (how far above or below the rest of the panel on the same
 * items), recommendations, and how promptly scorecards come in.
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
    PeopleDirectory people;

    @Inject
    DriftReport drift;

    @Timed(value = "panel.report", extraTags = { "report", "interviewers" }, histogram = true)
    public Interviewers interviewers(ReportFilter filter) {
        int withheld = withholding.count(filter);
        var names = people.names();
        var drifted = drift.flagsFor(new ReportFilter(null, null, null, null, null, filter.reader()));
        List<Object> params = new ArrayList<>();
        String where = filter.where(params);
        String query = "with scope as (select s.session_id, s.ended_at from analytics.session_fact s where " + where + "), "
                + "r as (select r.session_id, r.position, r.username, r.rating from analytics.rating_fact r "
                + "  join scope using (session_id) where r.final and r.rating is not null and not r.shadow), "
                + "item as (select session_id, position, sum(rating) as total, count(*) as n from r group by 1, 2), "
                + "len as (select r.username, avg(r.rating - (i.total - r.rating)::float8 / (i.n - 1)) as leniency, "
                + "  count(*) as compared from r join item i using (session_id, position) where i.n > 1 group by 1), "
                + "given as (select username, count(*) as n, avg(rating)::float8 as mean from r group by 1), "
                + "seats as (select p.username, count(*) filter (where sc.ended_at is not null) as seats, "
                + "  count(p.submitted_at) filter (where sc.ended_at is not null) as submitted, "
                + "  percentile_cont(0.5) within group (order by extract(epoch from p.submitted_at - sc.ended_at) / 60.0) "
                + "    filter (where p.submitted_at is not null and sc.ended_at is not null) as delay, "
                + "  count(*) filter (where p.recommendation = 'STRONG_NO') as strong_no, "
                + "  count(*) filter (where p.recommendation = 'NO') as no, "
                + "  count(*) filter (where p.recommendation = 'YES') as yes, "
                + "  count(*) filter (where p.recommendation = 'STRONG_YES') as strong_yes "
                + "  from analytics.panelist_fact p join scope sc using (session_id) where not p.shadow group by 1) "
                + "select seats.username, coalesce(given.n, 0), given.mean, len.leniency, coalesce(len.compared, 0), "
                + "strong_no, no, yes, strong_yes, seats, submitted, delay "
                + "from seats left join given using (username) left join len using (username) order by 1";
        List<InterviewerRow> rows = sql.query(query, params, rs -> {
            long seats = rs.getLong(10);
            long submitted = rs.getLong(11);
            return new InterviewerRow(rs.getString(1), names.apply(rs.getString(1)), rs.getLong(2),
                    ReportSql.round(ReportSql.nullable(rs, 3), 3),
                    ReportSql.round(ReportSql.nullable(rs, 4), 3), rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8),
                    rs.getLong(9), seats, submitted, seats == 0 ? null : ReportSql.round((double) submitted / seats, 4),
                    ReportSql.round(ReportSql.nullable(rs, 12), 1), rs.getLong(5) < MIN_COMPARED_ITEMS,
                    drifted.contains(rs.getString(1)));
        });
        return new Interviewers(rows, withheld, withholding.rebuilding());
    }
}
