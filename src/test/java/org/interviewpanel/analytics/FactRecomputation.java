package org.interviewpanel.analytics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

import org.interviewpanel.analytics.ReportDtos.InterviewerRow;
import org.interviewpanel.analytics.ReportDtos.Interviewers;
import org.interviewpanel.analytics.ReportDtos.Pipeline;
import org.interviewpanel.analytics.ReportDtos.PipelineRow;
import org.interviewpanel.analytics.ReportDtos.QuestionRow;
import org.interviewpanel.analytics.ReportDtos.Questions;
import org.interviewpanel.analytics.ReportDtos.Reliability;
import org.interviewpanel.analytics.stats.KrippendorffAlpha;
import org.interviewpanel.analytics.stats.PointBiserial;

/**
 * The reports as they were computed before the per-session statistics: every time from the facts (each rating, each
 * asking), with the same definitions. The fast path ({@link SessionStats} and the reports reading it) must give exactly
 * these numbers.
 */
final class FactRecomputation {

    private final ReportSql sql;

    FactRecomputation(ReportSql sql) {
        this.sql = sql;
    }

    /** The pipeline straight from {@code session_fact}: counts and percentile_cont per position and week, and in all. */
    Pipeline pipeline(ReportFilter filter, int withheld, boolean rebuilding) {
        List<Object> params = new ArrayList<>();
        String where = filter.where(params);
        String position = "coalesce(s.position, '(unknown)')";
        String week = "date_trunc('week', s.ref_time at time zone 'UTC')::date";
        List<PipelineRow> rows = new ArrayList<>();
        PipelineRow[] totals = new PipelineRow[1];
        sql.withQuery("select grouping(" + position + ", " + week + "), " + position + ", " + week + ", count(*), "
                + "count(*) filter (where s.ended_at is not null), count(*) filter (where s.cancelled_at is not null), "
                + "count(*) filter (where s.decision is not null), count(*) filter (where s.decision = 'HIRE'), "
                + "count(*) filter (where s.decision = 'NO_HIRE'), count(*) filter (where s.decision = 'HOLD'), "
                + "percentile_cont(0.5) within group (order by extract(epoch from s.decided_at - s.ended_at) / 3600.0) "
                + "filter (where s.decided_at is not null and s.ended_at is not null) "
                + "from analytics.session_fact s where " + where + " group by grouping sets ((" + position + ", " + week
                + "), ()) order by 3, 2", params, rs -> {
                    while (rs.next()) {
                        long decided = rs.getLong(7);
                        long hires = rs.getLong(8);
                        java.sql.Date day = rs.getDate(3);
                        PipelineRow row = new PipelineRow(rs.getInt(1) == 0 ? rs.getString(2) : "(all)",
                                day == null ? null : day.toLocalDate(), rs.getLong(4), rs.getLong(5), rs.getLong(6),
                                decided, hires, rs.getLong(9), rs.getLong(10),
                                decided == 0 ? null : ReportSql.round((double) hires / decided, 4),
                                ReportSql.round(ReportSql.nullable(rs, 11), 2));
                        if (rs.getInt(1) == 0) {
                            rows.add(row);
                        } else {
                            totals[0] = row;
                        }
                    }
                });
        return new Pipeline(rows, totals[0], withheld, rebuilding);
    }

    Interviewers interviewers(ReportFilter filter, int withheld, boolean rebuilding, Function<String, String> names,
            Set<String> drifted) {
        List<Object> params = new ArrayList<>();
        String where = filter.where(params);
        String query = "with scope as (select s.session_id, s.ended_at from analytics.session_fact s where " + where + "), "
                + "r as (select r.session_id, r.position, r.username, r.rating from analytics.rating_fact r "
                + "  join scope using (session_id) where r.final and r.rating is not null and not r.shadow), "
                + "item as (select session_id, position, sum(rating) as total, count(*) as n from r group by 1, 2), "
                // the mean of (rating - mean of the item's other panel ratings), each term exact in 1/27720ths
                + "len as (select r.username, sum(r.rating * 27720 - (i.total - r.rating) * (27720 / (i.n - 1)))::float8 "
                + "  / 27720 / count(*) as leniency, "
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
                    ReportSql.round(ReportSql.nullable(rs, 12), 1), rs.getLong(5) < InterviewersReport.MIN_COMPARED_ITEMS,
                    drifted.contains(rs.getString(1)));
        });
        return new Interviewers(rows, withheld, rebuilding);
    }

    Questions questions(ReportFilter filter, int withheld, boolean rebuilding) {
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
            boolean enough = r.n() >= QuestionsReport.MIN_DISCRIMINATION_N && r.n1() >= 3 && r.n0() >= 3
                    && !Double.isNaN(r.r());
            Double exposure = sessions == 0 ? null : ReportSql.round((double) q.timesAsked() / sessions, 4);
            rows.add(new QuestionRow(q.questionKey(), q.questionText(), q.category(), q.timesAsked(), q.ratings(),
                    q.meanRating(),
                    q.standardDeviation(), ReportSql.round(r.r(), 4), r.n(), ReportSql.round(minutes.get(q.questionKey()), 1),
                    exposure,
                    enough && r.r() < QuestionsReport.LOW_DISCRIMINATION,
                    exposure != null && sessions >= QuestionsReport.MIN_EXPOSURE_SESSIONS
                            && exposure >= QuestionsReport.OVER_EXPOSURE,
                    !enough));
        }
        return new Questions(rows, sessions, withheld, rebuilding);
    }

    Reliability reliability(ReportFilter filter, int withheld, boolean rebuilding) {
        List<Object> params = new ArrayList<>();
        String where = filter.where(params);
        List<List<Integer>> units = new ArrayList<>();
        Set<String> raters = new HashSet<>();
        sql.withQuery("select r.session_id, r.position, r.rating, r.username from analytics.rating_fact r "
                + "join analytics.session_fact s using (session_id) where r.final and r.rating is not null and not r.shadow and "
                + where
                + " order by r.session_id, r.position", params, rs -> {
                    Object lastSession = null;
                    int lastPosition = -1;
                    List<Integer> unit = null;
                    while (rs.next()) {
                        Object session = rs.getObject(1);
                        int position = rs.getInt(2);
                        if (unit == null || position != lastPosition || !Objects.equals(session, lastSession)) {
                            unit = new ArrayList<>(4);
                            units.add(unit);
                            lastSession = session;
                            lastPosition = position;
                        }
                        unit.add(rs.getInt(3));
                        raters.add(rs.getString(4));
                    }
                });
        KrippendorffAlpha.Result ordinal = KrippendorffAlpha.ordinal(units);
        KrippendorffAlpha.Result interval = KrippendorffAlpha.interval(units);
        return new Reliability(ReportSql.round(ordinal.alpha(), 4), ReportSql.round(interval.alpha(), 4), ordinal.units(),
                raters.size(),
                ordinal.pairableValues(), ordinal.pairableValues() < ReliabilityReport.MIN_PAIRABLE_VALUES, withheld,
                rebuilding);
    }
}
