package org.interviewpanel.analytics;

import java.sql.ResultSet;
import java.sql.SQLException;
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
        List<Object> whereParams = new ArrayList<>();
        String where = scope.where(whereParams);
        return sql.inSnapshot(c -> {
            Cells cells = Cells.of(c, scope, Rollups.ITEMS);
            Map<String, Double> minutes = Medians.byText(c, Rollups.MINUTES, cells, where, whereParams);
            List<Object> sessionParams = new ArrayList<>();
            String inScope = Rollups.PIPELINE.scoped(Cells.of(c, scope, Rollups.SESSIONS), where, whereParams,
                    sessionParams);
            long sessions = ReportSql.query(c, "select coalesce(sum(x.sessions), 0) from (" + inScope + ") x",
                    sessionParams, rs -> rs.getLong(1)).get(0);
            // Per question: the weekly rollups of the cells in scope and the item rows of the rest (analytics.item_stat,
            // kept by the projection), summed. Discrimination pairs the item's mean panel rating with the decision,
            // HIRE = 1, NO_HIRE = 0 (HOLD left out), kept as sums.
            List<Object> params = new ArrayList<>();
            String rows = Rollups.QUESTIONS.scoped(cells, where, whereParams, params);
            List<QuestionRow> out = ReportSql.query(c, "select x.question_key, min(x.category_min), sum(x.asked), "
                    + "sum(x.n), max(x.text_max), sum(x.total), sum(x.sumsq), sum(x.hire_items), sum(x.hire_means), "
                    + "sum(x.no_hire_items), sum(x.no_hire_means), sum(x.decided_sq), "
                    + "min(x.decided_min) < max(x.decided_max) from (" + rows + ") x group by 1 order by 1", params,
                    rs -> row(rs, sessions, minutes));
            return new Questions(out, sessions, withheld, withholding.rebuilding());
        });
    }

    private static QuestionRow row(ResultSet rs, long sessions, Map<String, Double> minutes) throws SQLException {
        long ratings = rs.getLong(4);
        long total = rs.getLong(6);
        long squares = rs.getLong(7);
        Double mean = ratings == 0 ? null : (double) total / ratings;
        // the sample standard deviation, from exact integer sums
        Double sd = ratings < 2 ? null : Math.sqrt((double) (ratings * squares - total * total) / (ratings * (ratings - 1)));
        PointBiserial.Result r = PointBiserial.fromSums(rs.getInt(8), rs.getDouble(9), rs.getInt(10), rs.getDouble(11),
                rs.getDouble(12), rs.getBoolean(13));
        long asked = rs.getLong(3);
        boolean enough = r.n() >= MIN_DISCRIMINATION_N && r.n1() >= 3 && r.n0() >= 3 && !Double.isNaN(r.r());
        Double exposure = sessions == 0 ? null : ReportSql.round((double) asked / sessions, 4);
        return new QuestionRow(rs.getString(1), rs.getString(5), rs.getString(2), asked, ratings, ReportSql.round(mean, 3),
                ReportSql.round(sd, 3), ReportSql.round(r.r(), 4), r.n(), ReportSql.round(minutes.get(rs.getString(1)), 1),
                exposure, enough && r.r() < LOW_DISCRIMINATION,
                exposure != null && sessions >= MIN_EXPOSURE_SESSIONS && exposure >= OVER_EXPOSURE, !enough);
    }
}
