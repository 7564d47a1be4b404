package org.interviewpanel.analytics;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.interviewpanel.analytics.ReportDtos.InterviewerRow;
import org.interviewpanel.analytics.ReportDtos.Interviewers;
import org.interviewpanel.analytics.ReportDtos.Pipeline;
import org.interviewpanel.analytics.ReportDtos.PipelineRow;
import org.interviewpanel.analytics.ReportDtos.QuestionRow;
import org.interviewpanel.analytics.ReportDtos.Questions;
import org.interviewpanel.analytics.ReportDtos.Reliability;
import org.interviewpanel.analytics.stats.KrippendorffAlpha;
import org.interviewpanel.analytics.stats.PointBiserial;
import org.interviewpanel.kernel.ProblemException;

/**
 * The hiring reports, computed from the analytics tables only. Aggregates run in SQL; the two statistics that SQL does
 * not offer (Krippendorff's alpha, the point-biserial correlation) run in the pure classes of {@code stats} on the
 * values SQL selects. Ratings are the final ones, from submitted scorecards.
 */
@ApplicationScoped
public class Reports {

    /** Flags: discrimination is judged only with at least this many decided sessions, and 3 in each group. */
    static final int MIN_DISCRIMINATION_N = 10;
    static final double LOW_DISCRIMINATION = 0.2;
    /** Over-exposed: asked in at least half of the sessions in scope, once there are this many sessions. */
    static final double OVER_EXPOSURE = 0.5;
    static final int MIN_EXPOSURE_SESSIONS = 20;
    /** Leniency over fewer co-rated items, and alpha over fewer pairable values, are flagged as unreliable. */
    static final int MIN_COMPARED_ITEMS = 20;
    static final int MIN_PAIRABLE_VALUES = 30;

    @Inject
    AnalyticsStore store;

    @Inject
    Rebuild rebuild;

    @Inject
    org.interviewpanel.security.PeopleDirectory people;

    private static final String PIPELINE_COLUMNS = "count(*), count(*) filter (where s.ended_at is not null), "
            + "count(*) filter (where s.cancelled_at is not null), count(*) filter (where s.decision is not null), "
            + "count(*) filter (where s.decision = 'HIRE'), count(*) filter (where s.decision = 'NO_HIRE'), "
            + "count(*) filter (where s.decision = 'HOLD'), "
            + "percentile_cont(0.5) within group (order by extract(epoch from s.decided_at - s.ended_at) / 3600.0) "
            + "filter (where s.decided_at is not null and s.ended_at is not null)";

    public Pipeline pipeline(ReportFilter filter) {
        int withheld = withheld(filter);
        List<Object> params = new ArrayList<>();
        String where = filter.where(params);
        List<PipelineRow> rows = query(
                "select coalesce(s.position, '(unknown)'), date_trunc('week', s.ref_time at time zone 'UTC')::date, "
                        + PIPELINE_COLUMNS + " from analytics.session_fact s where " + where + " group by 1, 2 order by 2, 1",
                params, rs -> pipelineRow(rs.getString(1), rs.getDate(2), rs, 3));
        List<PipelineRow> totals = query("select " + PIPELINE_COLUMNS + " from analytics.session_fact s where " + where,
                params, rs -> pipelineRow("(all)", null, rs, 1));
        return new Pipeline(rows, totals.get(0), withheld, rebuilding());
    }

    private static PipelineRow pipelineRow(String position, Date week, ResultSet rs, int i) throws SQLException {
        long decided = rs.getLong(i + 3);
        long hires = rs.getLong(i + 4);
        return new PipelineRow(position, week == null ? null : week.toLocalDate(), rs.getLong(i), rs.getLong(i + 1),
                rs.getLong(i + 2), decided, hires, rs.getLong(i + 5), rs.getLong(i + 6),
                decided == 0 ? null : round((double) hires / decided, 4), round(nullable(rs, i + 7), 2));
    }

    public Interviewers interviewers(ReportFilter filter) {
        int withheld = withheld(filter);
        var names = people.names();
        List<Object> params = new ArrayList<>();
        String where = filter.where(params);
        String sql = "with scope as (select s.session_id, s.ended_at from analytics.session_fact s where " + where + "), "
                + "r as (select r.session_id, r.position, r.username, r.rating from analytics.rating_fact r "
                + "  join scope using (session_id) where r.final and r.rating is not null), "
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
                + "  from analytics.panelist_fact p join scope sc using (session_id) group by 1) "
                + "select seats.username, coalesce(given.n, 0), given.mean, len.leniency, coalesce(len.compared, 0), "
                + "strong_no, no, yes, strong_yes, seats, submitted, delay "
                + "from seats left join given using (username) left join len using (username) order by 1";
        List<InterviewerRow> rows = query(sql, params, rs -> {
            long seats = rs.getLong(10);
            long submitted = rs.getLong(11);
            return new InterviewerRow(rs.getString(1), names.apply(rs.getString(1)), rs.getLong(2), round(nullable(rs, 3), 3),
                    round(nullable(rs, 4), 3), rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8),
                    rs.getLong(9), seats, submitted, seats == 0 ? null : round((double) submitted / seats, 4),
                    round(nullable(rs, 12), 1), rs.getLong(5) < MIN_COMPARED_ITEMS);
        });
        return new Interviewers(rows, withheld, rebuilding());
    }

    public Reliability reliability(ReportFilter filter) {
        int withheld = withheld(filter);
        List<Object> params = new ArrayList<>();
        String where = filter.where(params);
        List<List<Integer>> units = new ArrayList<>();
        java.util.Set<String> raters = new java.util.HashSet<>();
        withQuery("select r.session_id, r.position, r.rating, r.username from analytics.rating_fact r "
                + "join analytics.session_fact s using (session_id) where r.final and r.rating is not null and " + where
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
        return new Reliability(round(ordinal.alpha(), 4), round(interval.alpha(), 4), ordinal.units(), raters.size(),
                ordinal.pairableValues(), ordinal.pairableValues() < MIN_PAIRABLE_VALUES, withheld, rebuilding());
    }

    public Questions questions(ReportFilter filter) {
        int withheld = withheld(filter);
        List<Object> params = new ArrayList<>();
        String where = filter.where(params);
        String scope = "with scope as (select s.session_id, s.ended_at, s.decision from analytics.session_fact s where "
                + where + ") ";
        long sessions = query(scope + "select count(*) from scope", params, rs -> rs.getLong(1)).get(0);

        Map<String, QuestionRow> base = new LinkedHashMap<>();
        query(scope + ", asked as (select distinct a.session_id, a.position from analytics.ask_fact a "
                + "  join scope using (session_id)), "
                + "asked_by_key as (select i.question_key, count(*) as n from asked "
                + "  join analytics.item_fact i using (session_id, position) group by 1), "
                + "rated as (select session_id, position, rating from analytics.rating_fact join scope using (session_id) "
                + "  where final and rating is not null) "
                + "select i.question_key, min(i.category), coalesce(max(ak.n), 0), count(r.rating), "
                + "  max(i.question_text), "
                + "  avg(r.rating)::float8, stddev_samp(r.rating)::float8 "
                + "from analytics.item_fact i join scope using (session_id) "
                + "left join rated r using (session_id, position) "
                + "left join asked_by_key ak on ak.question_key = i.question_key "
                + "group by i.question_key order by 1", params, rs -> {
                    base.put(rs.getString(1), new QuestionRow(rs.getString(1), rs.getString(5), rs.getString(2),
                            rs.getLong(3), rs.getLong(4), round(nullable(rs, 6), 3), round(nullable(rs, 7), 3), null, 0,
                            null, null, false, false, false));
                    return null;
                });

        // Time spent: from each question.asked to the next one in the session (or the end), summed per item.
        Map<String, Double> minutes = new HashMap<>();
        query(scope + ", visits as (select a.session_id, a.position, a.asked_at, sc.ended_at, "
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
        query(scope + "select i.question_key, avg(r.rating)::float8, max(sc.decision) from analytics.rating_fact r "
                + "join scope sc using (session_id) join analytics.item_fact i using (session_id, position) "
                + "where r.final and r.rating is not null and sc.decision in ('HIRE', 'NO_HIRE') "
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
            Double exposure = sessions == 0 ? null : round((double) q.timesAsked() / sessions, 4);
            rows.add(new QuestionRow(q.questionKey(), q.questionText(), q.category(), q.timesAsked(), q.ratings(),
                    q.meanRating(),
                    q.standardDeviation(), round(r.r(), 4), r.n(), round(minutes.get(q.questionKey()), 1), exposure,
                    enough && r.r() < LOW_DISCRIMINATION,
                    exposure != null && sessions >= MIN_EXPOSURE_SESSIONS && exposure >= OVER_EXPOSURE, !enough));
        }
        return new Questions(rows, sessions, withheld, rebuilding());
    }

    /** A question set as the analytics know it from the events: for the reports' filter. */
    public record QuestionSet(UUID id, String name) {
    }

    /** The question sets of the sessions in the analytics tables, by name. */
    public List<QuestionSet> questionSets() {
        return query("select question_set_id, coalesce(max(question_set_name), 'Set ' || left(question_set_id::text, 8)) "
                + "from analytics.session_fact where question_set_id is not null group by 1 order by 2", List.of(),
                rs -> new QuestionSet(rs.getObject(1, UUID.class), rs.getString(2)));
    }

    /** The bare SQL aggregates behind each report, for the benchmark's comparison. */
    public long bareAggregate(String report) {
        String sql = switch (report) {
            case "pipeline" -> "select count(*) from (select s.position, date_trunc('week', s.ref_time at time zone 'UTC'), "
                    + PIPELINE_COLUMNS + " from analytics.session_fact s group by 1, 2) x";
            case "interviewers" -> "select count(*) from (select username, count(*), avg(rating) "
                    + "from analytics.rating_fact where final and rating is not null group by 1) x";
            case "reliability" -> "select count(*) from (select session_id, position, count(*), avg(rating) "
                    + "from analytics.rating_fact where final and rating is not null group by 1, 2) x";
            case "questions" -> "select count(*) from (select i.question_key, count(r.rating), avg(r.rating), "
                    + "stddev_samp(r.rating) from analytics.item_fact i left join analytics.rating_fact r "
                    + "on r.session_id = i.session_id and r.position = i.position and r.final group by 1) x";
            default -> throw new IllegalArgumentException(report);
        };
        return query(sql, List.of(), rs -> rs.getLong(1)).get(0);
    }

    /**
     * How many sessions in scope are withheld from the reader; a filter that names one of them is refused, since
     * "left out" would be no answer to a question about that very session.
     */
    private int withheld(ReportFilter filter) {
        if (filter.reader() == null) {
            return 0;
        }
        List<Object> params = new ArrayList<>();
        int withheld = query("select count(*) from analytics.session_fact s where " + filter.withheld(params), params,
                rs -> rs.getInt(1)).get(0);
        if (withheld > 0 && filter.session() != null) {
            throw ProblemException.forbidden("You sit on this session's panel and have not submitted your scorecard: "
                    + "its numbers open to you once you have");
        }
        return withheld;
    }

    private boolean rebuilding() {
        return rebuild.progress().incomplete();
    }

    // --- JDBC helpers ---

    interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    interface ResultConsumer {
        void accept(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(String sql, List<Object> params, RowMapper<T> mapper) {
        List<T> out = new ArrayList<>();
        withQuery(sql, params, rs -> {
            while (rs.next()) {
                out.add(mapper.map(rs));
            }
        });
        return out;
    }

    private void withQuery(String sql, List<Object> params, ResultConsumer consumer) {
        try (Connection c = store.connection()) {
            c.setAutoCommit(false); // lets PostgreSQL stream large results with a fetch size
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setFetchSize(10_000);
                for (int i = 0; i < params.size(); i++) {
                    ps.setObject(i + 1, params.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    consumer.accept(rs);
                }
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("report query failed", e);
        }
    }

    private static Double nullable(ResultSet rs, int column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }

    /** Rounds for display; NaN and null (undefined) become null. */
    static Double round(Double value, int digits) {
        if (value == null || value.isNaN() || value.isInfinite()) {
            return null;
        }
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }
}
