package org.interviewpanel.analytics;

import java.util.ArrayList;
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

    @Inject
    StatsRefresher stats;

    @Timed(value = "panel.report", extraTags = { "report", "questions" }, histogram = true)
    public Questions questions(ReportFilter filter) {
        stats.catchUp();
        int withheld = withholding.count(filter);
        ReportFilter scope = withheld == 0 ? filter.withoutReader() : filter;
        List<Object> params = new ArrayList<>();
        String where = scope.where(params);
        String from = ReportSql.stats("item_stat");
        Map<String, Double> minutes = Medians.byText(sql, "s.question_key", "s.spent_minutes", from,
                "s.question_key is not null and " + where, params);
        long sessions = sql.query("select count(*) from analytics.session_fact s where " + where, params,
                rs -> rs.getLong(1)).get(0);

        // One row per item (analytics.item_stat, kept by the projection), summed per question. Discrimination pairs the
        // item's mean panel rating with the decision, HIRE = 1, NO_HIRE = 0 (HOLD left out), kept as sums.
        String decided = "s.decision in ('HIRE', 'NO_HIRE') and s.n > 0";
        List<QuestionRow> rows = sql.query("select s.question_key, min(s.category), count(*) filter (where s.asked), "
                + "sum(s.n), max(s.question_text), sum(s.total), sum(s.sumsq), "
                + "count(*) filter (where s.decision = 'HIRE' and s.n > 0), "
                + "sum(s.total::float8 / s.n) filter (where s.decision = 'HIRE' and s.n > 0), "
                + "count(*) filter (where s.decision = 'NO_HIRE' and s.n > 0), "
                + "sum(s.total::float8 / s.n) filter (where s.decision = 'NO_HIRE' and s.n > 0), "
                + "sum((s.total::float8 / s.n) ^ 2) filter (where " + decided + "), "
                + "min(s.total::float8 / s.n) filter (where " + decided + ") "
                + "< max(s.total::float8 / s.n) filter (where " + decided + ") "
                + "from " + from + " where s.question_key is not null and " + where + " group by 1 order by 1", params,
                rs -> {
                    long ratings = rs.getLong(4);
                    long total = rs.getLong(6);
                    long squares = rs.getLong(7);
                    Double mean = ratings == 0 ? null : (double) total / ratings;
                    // the sample standard deviation, from exact integer sums
                    Double sd = ratings < 2 ? null
                            : Math.sqrt((double) (ratings * squares - total * total) / (ratings * (ratings - 1)));
                    PointBiserial.Result r = PointBiserial.fromSums(rs.getInt(8), rs.getDouble(9), rs.getInt(10),
                            rs.getDouble(11), rs.getDouble(12), rs.getBoolean(13));
                    long asked = rs.getLong(3);
                    boolean enough = r.n() >= MIN_DISCRIMINATION_N && r.n1() >= 3 && r.n0() >= 3 && !Double.isNaN(r.r());
                    Double exposure = sessions == 0 ? null : ReportSql.round((double) asked / sessions, 4);
                    return new QuestionRow(rs.getString(1), rs.getString(5), rs.getString(2), asked, ratings,
                            ReportSql.round(mean, 3), ReportSql.round(sd, 3), ReportSql.round(r.r(), 4), r.n(),
                            ReportSql.round(minutes.get(rs.getString(1)), 1), exposure, enough && r.r() < LOW_DISCRIMINATION,
                            exposure != null && sessions >= MIN_EXPOSURE_SESSIONS && exposure >= OVER_EXPOSURE, !enough);
                });
        return new Questions(rows, sessions, withheld, withholding.rebuilding());
    }
}
