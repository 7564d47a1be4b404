package org.interviewpanel.analytics;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.interviewpanel.analytics.ReportDtos.Drift;
import org.interviewpanel.analytics.ReportDtos.DriftRow;
import org.interviewpanel.analytics.ReportDtos.Window;
import org.interviewpanel.analytics.stats.Holm;
import org.interviewpanel.analytics.stats.WelchTest;
import org.interviewpanel.analytics.stats.WelchTest.Moments;
import org.interviewpanel.security.PeopleDirectory;

import io.micrometer.core.annotation.Timed;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Leniency drift: has an interviewer's leniency in a window moved away from their own history, or away from the rest
 * of the pool in the same window? Each question is a Welch two-sample t-test on the per-item leniency values; all the
 * tests of one report are Holm-corrected together, so the chance of any false alarm in the report stays at the
 * configured family-wise rate (5 %). Panel seats only: shadows' ratings are not leniency data.
 */
@ApplicationScoped
public class DriftReport {

    static final String METHOD = "Welch two-sample t-test of per-item leniency: window vs own history, and window vs "
            + "the rest of the pool in the window; Holm-corrected over every test in the report, family-wise α = ";

    @Inject
    ReportSql sql;

    @Inject
    Withholding withholding;

    @Inject
    PeopleDirectory people;

    @Inject
    CalibrationConfig config;

    @Inject
    Clock clock;

    /** How long the current flags (the gauge, the interviewers report's column) are reused. */
    static final Duration REFRESH = Duration.ofMinutes(10);

    private volatile Cached cached;

    private record Cached(Instant at, Set<String> flagged) {
    }

    @Inject
    DriftReport(MeterRegistry registry) {
        Gauge.builder("panel.calibration.drift.flagged", this, DriftReport::flaggedOrNaN)
                .description("Interviewers whose leniency in the last window drifted from their history or from the "
                        + "pool (Holm-corrected, see the drift report); refreshed at most every 10 minutes")
                .register(registry);
    }

    /** Who is flagged over the default window ending at {@code now}. */
    private Set<String> flagged(Instant now, ReportFilter filter) {
        return compute(now.minus(config.drift().window()), now, filter, 0).rows().stream().filter(DriftRow::flagged)
                .map(DriftRow::interviewer).collect(Collectors.toUnmodifiableSet());
    }

    private double flaggedOrNaN() {
        try {
            return currentFlags().size();
        } catch (RuntimeException e) {
            return Double.NaN; // the analytics store is unreachable: no number rather than a wrong one
        }
    }

    /** One leniency value: own rating − mean of the other panelists' ratings on the same item, and when. */
    record Value(String interviewer, Instant at, double leniency) {
    }

    @Timed(value = "panel.report", extraTags = { "report", "drift" }, histogram = true)
    public Drift drift(ReportFilter filter) {
        Instant to = filter.to() != null ? filter.to() : clock.instant();
        Instant from = filter.from() != null ? filter.from() : to.minus(config.drift().window());
        int withheld = withholding.count(filter);
        return compute(from, to, filter, withheld);
    }

    /** The interviewers flagged over the default window ending now, for everyone's view (cached 10 minutes). */
    Set<String> currentFlags() {
        Cached c = cached;
        Instant now = clock.instant();
        if (c == null || c.at().isBefore(now.minus(REFRESH)) || c.at().isAfter(now)) {
            c = new Cached(now, flagged(now, ReportFilter.everything()));
            cached = c;
        }
        return c.flagged();
    }

    /** The flags the reader may see: the cached ones, unless sessions are withheld from them. */
    Set<String> flagsFor(ReportFilter readerOnly) {
        if (withholding.count(readerOnly) == 0) {
            return currentFlags();
        }
        return flagged(clock.instant(), readerOnly);
    }

    private Drift compute(Instant from, Instant to, ReportFilter filter, int withheld) {
        ReportFilter unbounded = new ReportFilter(null, null, filter.position(), filter.questionSet(), filter.session(),
                filter.reader());
        List<Object> params = new ArrayList<>();
        String where = unbounded.where(params);
        params.add(Timestamp.from(to));
        // Streamed into per-interviewer sums: memory stays one entry per interviewer whatever the history's size.
        Samples samples = new Samples(from);
        sql.withQuery("""
                with r as (select session_id, position, username, rating from analytics.rating_fact
                           where final and rating is not null and not shadow),
                item as (select session_id, position, sum(rating) as total, count(*) as n from r group by 1, 2)
                select r.username, s.ref_time, r.rating - (i.total - r.rating)::float8 / (i.n - 1)
                from r join item i using (session_id, position) join analytics.session_fact s using (session_id)
                where i.n > 1 and\s""" + where + " and s.ref_time < ?", params, rs -> {
            while (rs.next()) {
                samples.add(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getDouble(3));
            }
        });
        return rows(samples, to, withheld);
    }

    /** Each interviewer's leniency values, summed per sample: in the window (from on) and before it (history). */
    static final class Samples {
        final Instant from;
        final Map<String, Moments[]> byInterviewer = new TreeMap<>();

        Samples(Instant from) {
            this.from = from;
        }

        void add(String interviewer, Instant at, double leniency) {
            Moments[] m = byInterviewer.computeIfAbsent(interviewer, k -> new Moments[] { Moments.NONE, Moments.NONE });
            int i = at.isBefore(from) ? 1 : 0;
            m[i] = m[i].plus(new Moments(1, leniency, leniency * leniency));
        }
    }

    /** The report from values already in memory (the tests' entry: the same computation as from the database). */
    Drift rows(Map<String, List<Value>> byInterviewer, Instant from, Instant to, int withheld) {
        Samples samples = new Samples(from);
        byInterviewer.values().forEach(values -> values.forEach(v -> samples.add(v.interviewer(), v.at(), v.leniency())));
        return rows(samples, to, withheld);
    }

    private Drift rows(Samples samples, Instant to, int withheld) {
        List<String> names = new ArrayList<>(samples.byInterviewer.keySet());
        int k = names.size();
        Moments[] window = new Moments[k];
        Moments[] history = new Moments[k];
        Moments allWindows = Moments.NONE;
        for (int i = 0; i < k; i++) {
            window[i] = samples.byInterviewer.get(names.get(i))[0];
            history[i] = samples.byInterviewer.get(names.get(i))[1];
            allWindows = allWindows.plus(window[i]);
        }
        int min = config.drift().minValues();
        double[] p = new double[2 * k];
        double[] poolMean = new double[k];
        for (int i = 0; i < k; i++) {
            Moments others = allWindows.minus(window[i]);
            poolMean[i] = others.mean();
            p[2 * i] = window[i].n() >= min && history[i].n() >= min ? WelchTest.test(window[i], history[i]).p()
                    : Double.NaN;
            p[2 * i + 1] = window[i].n() >= min && others.n() >= min ? WelchTest.test(window[i], others).p()
                    : Double.NaN;
        }
        double[] adjusted = Holm.adjust(p);
        double alpha = config.drift().familyAlpha();
        Function<String, String> display = people.names();
        List<DriftRow> rows = new ArrayList<>();
        Window w = new Window(samples.from, to);
        for (int i = 0; i < k; i++) {
            if (window[i].n() == 0 && history[i].n() == 0) {
                continue;
            }
            Double leniency = window[i].n() == 0 ? null : window[i].mean();
            Double baseline = history[i].n() == 0 ? null : history[i].mean();
            boolean flagged = (!Double.isNaN(adjusted[2 * i]) && adjusted[2 * i] <= alpha)
                    || (!Double.isNaN(adjusted[2 * i + 1]) && adjusted[2 * i + 1] <= alpha);
            rows.add(new DriftRow(names.get(i), display.apply(names.get(i)), w, ReportSql.round(leniency, 3),
                    ReportSql.round(baseline, 3),
                    leniency == null || baseline == null ? null : ReportSql.round(leniency - baseline, 3),
                    ReportSql.round(nanToNull(poolMean[i]), 3), (int) window[i].n(), (int) history[i].n(),
                    ReportSql.round(nanToNull(p[2 * i]), 6), ReportSql.round(nanToNull(p[2 * i + 1]), 6),
                    ReportSql.round(nanToNull(adjusted[2 * i]), 6), ReportSql.round(nanToNull(adjusted[2 * i + 1]), 6),
                    flagged, METHOD + alpha));
        }
        return new Drift(rows, w, alpha, min, withheld, withholding.rebuilding());
    }

    private static Double nanToNull(double v) {
        return Double.isNaN(v) ? null : v;
    }
}
