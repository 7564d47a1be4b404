package org.interviewpanel.analytics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.interviewpanel.analytics.ReportDtos.QuestionRow;
import org.interviewpanel.analytics.ReportDtos.Questions;
import org.interviewpanel.analytics.stats.PointBiserial;

import io.micrometer.core.annotation.Timed;

/**
 * Per question: how often asked, the ratings it drew, time spent on it, and discrimination (its ratings against the
 * decision), with flags for low discrimination and over-exposure.
 */
@ApplicationScoped
public class QuestionsReport {

    /** Flags: discrimination is judged only with at least this many decided sessions, and 3 in each group. */
    static final int MIN_DISCRIMINATION_N = 10;
    static final double LOW_DISCRIMINATION = 0.2;
    /** Over-exposed: asked in at least half of the sessions in scope, once there are this many sessions. */
    static final double OVER_EXPOSURE = 0.5;
    static final int MIN_EXPOSURE_SESSIONS = 20;

    @Inject
    ReportSql sql;

    @Inject
    Withholding withholding;

    @Timed(value = "panel.report", extraTags = { "report", "questions" }, histogram = true)
    public Questions questions(ReportFilter filter) {
        int withheld = withholding.count(filter);
        List<Object> params = new ArrayList<>();
        String where = filter.where(params);
        String scope = "with scope as (select s.session_id, s.ended_at, s.decision from analytics.session_fact s where "
                + where + ") ";
        long sessions = sql.query(scope + "select count(*) from scope", params, rs -> rs.getLong(1)).get(0);

        Map<String, QuestionRow> base = new LinkedHashMap<>();
        sql.query(scope + ", asked as (select distinct a.session_id, a.position from analytics.ask_fact a "
                + "  join scope using (session_id)), "
                + "asked_by_key as (select i.question_key, count(*) as n from asked "
                + "  join analytics.item_fact i using (session_id, position) group by 1), "
                + "rated as (select session_id, position, rating from analytics.rating_fact join scope using (session_id) "
                + "  where final and rating is not null and not shadow) "
                + "select i.question_key, min(i.category), coalesce(max(ak.n), 0), count(r.rating), "
                + "  max(i.question_text), "
                + "  avg(r.rating)::float8, stddev_samp(r.rating)::float8 "
                + "from analytics.item_fact i join scope using (session_id) "
                + "left join rated r using (session_id, position) "
                + "left join asked_by_key ak on ak.question_key = i.question_key "
                + "group by i.question_key order by 1", params, rs -> {
                    base.put(rs.getString(1), new QuestionRow(rs.getString(1), rs.getString(5), rs.getString(2),
                            rs.getLong(3), rs.getLong(4), ReportSql.round(ReportSql.nullable(rs, 6), 3),
                            ReportSql.round(ReportSql.nullable(rs, 7), 3), null, 0,
                            null, null, false, false, false));
                    return null;
                });

        // Time spent: from each question.asked to the next one in the session (or the end), summed per item.
        Map<String, Double> minutes = new HashMap<>();
        sql.query(scope + ", visits as (select a.session_id, a.position, a.asked_at, sc.ended_at, "
                + "  lead(a.asked_at) over (partition by a.session_id order by a.asked_at, a.position) as next_at "
                + "  from analytics.ask_fact a join scope sc using (session_id)), "
                + "spent as (select session_id, position, sum(extract(epoch from coalesce(next_at, ended_at) - asked_at) / 60.0) "
                + "  as minutes from visits where coalesce(next_at, ended_at) is not null group by 1, 2) "
                + "select i.question_key, percentile_cont(0.5) within group (order by sp.minutes) "
                + "from spent sp join analytics.item_fact i using (session_id, position) group by 1", params, rs -> {
                    minutes.put(rs.getString(1), rs.getDouble(2));
                    return null;
                });

        // Discrimination: the item's mean panel rating against the decision, HIRE = 1, NO_HIRE = 0 (HOLD left out).
        Map<String, List<double[]>> pairs = new HashMap<>();
        sql.query(scope + "select i.question_key, avg(r.rating)::float8, max(sc.decision) from analytics.rating_fact r "
                + "join scope sc using (session_id) join analytics.item_fact i using (session_id, position) "
                + "where r.final and r.rating is not null and not r.shadow and sc.decision in ('HIRE', 'NO_HIRE') "
                + "group by r.session_id, r.position, i.question_key", params, rs -> {
                    pairs.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                            .add(new double[] { rs.getDouble(2), "HIRE".equals(rs.getString(3)) ? 1 : 0 });
                    return null;
                });

        List<QuestionRow> rows = new ArrayList<>();
        for (QuestionRow q : base.values()) {
            List<double[]> p = pairs.getOrDefault(q.questionKey(), List.of());
            double[] x = new double[p.size()];
            boolean[] hired = new boolean[p.size()];
            for (int i = 0; i < p.size(); i++) {
                x[i] = p.get(i)[0];
                hired[i] = p.get(i)[1] == 1;
            }
            PointBiserial.Result r = PointBiserial.of(x, hired);
            boolean enough = r.n() >= MIN_DISCRIMINATION_N && r.n1() >= 3 && r.n0() >= 3 && !Double.isNaN(r.r());
            Double exposure = sessions == 0 ? null : ReportSql.round((double) q.timesAsked() / sessions, 4);
            rows.add(new QuestionRow(q.questionKey(), q.questionText(), q.category(), q.timesAsked(), q.ratings(),
                    q.meanRating(),
                    q.standardDeviation(), ReportSql.round(r.r(), 4), r.n(), ReportSql.round(minutes.get(q.questionKey()), 1),
                    exposure,
                    enough && r.r() < LOW_DISCRIMINATION,
                    exposure != null && sessions >= MIN_EXPOSURE_SESSIONS && exposure >= OVER_EXPOSURE, !enough));
        }
        return new Questions(rows, sessions, withheld, withholding.rebuilding());
    }
}
