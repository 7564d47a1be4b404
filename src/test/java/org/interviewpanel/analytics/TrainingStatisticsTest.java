package org.interviewpanel.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import jakarta.inject.Inject;

import org.apache.commons.math3.stat.inference.TTest;
import org.interviewpanel.analytics.ReportDtos.DriftRow;
import org.interviewpanel.analytics.ReportDtos.QualificationRow;
import org.interviewpanel.analytics.stats.DriftStatisticsTest;
import org.interviewpanel.calibration.PairAlpha;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The drift and qualification reports' computations on held-out synthetic data, against independent references:
 * Apache Commons Math's Welch test and the textbook Holm step-down for drift, a closed-form pair alpha for
 * qualification. Also the stated false-alarm rate: with no drift at all, at most about 5 % of reports flag anyone.
 */
@QuarkusTest
class TrainingStatisticsTest {

    static final Instant TO = Instant.parse("2026-11-29T00:00:00Z");
    static final Instant FROM = TO.minus(Duration.ofDays(28));

    @Inject
    DriftReport drift;

    @Inject
    QualificationReport qualification;

    @Inject
    CalibrationConfig config;

    /** Leniency values for k interviewers: history before FROM, window after; shifts[i] moves interviewer i's window. */
    static Map<String, List<DriftReport.Value>> data(Random random, int k, double[] shifts) {
        Map<String, List<DriftReport.Value>> values = new LinkedHashMap<>();
        for (int i = 0; i < k; i++) {
            String who = "synthetic" + i;
            double own = random.nextGaussian() * 0.3;
            List<DriftReport.Value> list = new ArrayList<>();
            int history = random.nextInt(60);
            int window = random.nextInt(30);
            for (int j = 0; j < history; j++) {
                list.add(new DriftReport.Value(who, FROM.minus(Duration.ofHours(1 + random.nextInt(2_000))),
                        own + random.nextGaussian() * 0.8));
            }
            for (int j = 0; j < window; j++) {
                list.add(new DriftReport.Value(who, FROM.plus(Duration.ofHours(random.nextInt(600))),
                        own + shifts[i] + random.nextGaussian() * 0.8));
            }
            values.put(who, list);
        }
        return values;
    }

    @Test
    void driftMatchesTheReferenceComputation() {
        Random random = new Random(4242);
        TTest reference = new TTest();
        int min = config.drift().minValues();
        double alpha = config.drift().familyAlpha();
        for (int trial = 0; trial < 40; trial++) {
            int k = 2 + random.nextInt(12);
            double[] shifts = new double[k];
            for (int i = 0; i < k; i++) {
                shifts[i] = random.nextDouble() < 0.3 ? (random.nextBoolean() ? 1 : -1) * random.nextDouble() * 1.5 : 0;
            }
            Map<String, List<DriftReport.Value>> values = data(random, k, shifts);
            ReportDtos.Drift report = drift.rows(values, FROM, TO, 0);

            // Reference: split, two Welch tests each (Commons Math), Holm over all tests run (step-down).
            List<String> names = new ArrayList<>(values.keySet());
            double[] p = new double[2 * k];
            double[][] window = new double[k][];
            double[][] history = new double[k][];
            for (int i = 0; i < k; i++) {
                List<DriftReport.Value> v = values.get(names.get(i));
                window[i] = v.stream().filter(x -> !x.at().isBefore(FROM)).mapToDouble(DriftReport.Value::leniency).toArray();
                history[i] = v.stream().filter(x -> x.at().isBefore(FROM)).mapToDouble(DriftReport.Value::leniency).toArray();
            }
            for (int i = 0; i < k; i++) {
                List<Double> pool = new ArrayList<>();
                for (int j = 0; j < k; j++) {
                    if (j != i) {
                        for (double x : window[j]) {
                            pool.add(x);
                        }
                    }
                }
                double[] others = pool.stream().mapToDouble(Double::doubleValue).toArray();
                p[2 * i] = window[i].length >= min && history[i].length >= min ? reference.tTest(window[i], history[i])
                        : Double.NaN;
                p[2 * i + 1] = window[i].length >= min && others.length >= min ? reference.tTest(window[i], others)
                        : Double.NaN;
            }
            boolean[] rejected = DriftStatisticsTest.stepDown(p, alpha);
            for (int i = 0; i < k; i++) {
                String who = names.get(i);
                DriftRow row = report.rows().stream().filter(r -> r.interviewer().equals(who)).findFirst().orElse(null);
                if (window[i].length == 0 && history[i].length == 0) {
                    assertThat(row).isNull();
                    continue;
                }
                assertThat(row).isNotNull();
                assertThat(row.flagged()).as("trial %d, %s", trial, who).isEqualTo(rejected[2 * i] || rejected[2 * i + 1]);
                assertThat(row.windowCount()).isEqualTo(window[i].length);
                assertThat(row.baselineCount()).isEqualTo(history[i].length);
                if (!Double.isNaN(p[2 * i])) {
                    assertThat(row.pHistory()).isCloseTo(p[2 * i], within(1e-6));
                    assertThat(row.shift()).isCloseTo(mean(window[i]) - mean(history[i]), within(0.0011));
                } else {
                    assertThat(row.pHistory()).isNull();
                }
                if (!Double.isNaN(p[2 * i + 1])) {
                    assertThat(row.pPool()).isCloseTo(p[2 * i + 1], within(1e-6));
                }
            }
        }
    }

    @Test
    void withNoDriftAtAllAtMostAboutFivePercentOfReportsFlagAnyone() {
        Random random = new Random(99);
        int reports = 400;
        int withAFlag = 0;
        for (int trial = 0; trial < reports; trial++) {
            // Everyone keeps their own leniency (no shift), all share the pool's spread: every flag is a false alarm.
            Map<String, List<DriftReport.Value>> values = new LinkedHashMap<>();
            for (int i = 0; i < 10; i++) {
                String who = "null" + i;
                List<DriftReport.Value> list = new ArrayList<>();
                for (int j = 0; j < 40; j++) {
                    list.add(new DriftReport.Value(who, FROM.minus(Duration.ofHours(1 + j)), random.nextGaussian()));
                }
                for (int j = 0; j < 15; j++) {
                    list.add(new DriftReport.Value(who, FROM.plus(Duration.ofHours(1 + j)), random.nextGaussian()));
                }
                values.put(who, list);
            }
            if (drift.rows(values, FROM, TO, 0).rows().stream().anyMatch(DriftRow::flagged)) {
                withAFlag++;
            }
        }
        // Holm bounds the family-wise rate at 5 %; 400 reports put the observed rate within about ±2.2 points.
        assertThat(withAFlag / (double) reports).isLessThanOrEqualTo(0.075);
    }

    @Test
    void aClearDriftIsFlaggedInBothDirections() {
        Random random = new Random(5);
        Map<String, List<DriftReport.Value>> values = data(random, 6, new double[] { 0, 0, 1.5, 0, -1.5, 0 });
        values.put("synthetic2", shiftedSample(random, "synthetic2", 1.5));
        values.put("synthetic4", shiftedSample(random, "synthetic4", -1.5));
        var rows = drift.rows(values, FROM, TO, 0).rows();
        assertThat(rows.stream().filter(DriftRow::flagged).map(DriftRow::interviewer))
                .contains("synthetic2", "synthetic4");
        DriftRow up = rows.stream().filter(r -> r.interviewer().equals("synthetic2")).findFirst().orElseThrow();
        assertThat(up.shift()).isGreaterThan(1.0);
        assertThat(up.method()).contains("Holm").contains("Welch");
    }

    @Test
    void qualificationAgreementMatchesTheClosedFormAndTheRule() {
        Random random = new Random(77);
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + random.nextInt(40);
            List<QualificationReport.Comparison> comparisons = new ArrayList<>();
            List<List<Double>> pairs = new ArrayList<>();
            int exercises = 0;
            double noise = random.nextDouble() * 2;
            for (int i = 0; i < n; i++) {
                boolean exercise = random.nextBoolean();
                double reference = exercise ? 1 + random.nextInt(5) : 1 + random.nextInt(17) / 4.0; // panel means
                double rating = Math.max(1, Math.min(5, Math.round(reference + random.nextGaussian() * noise)));
                comparisons.add(new QualificationReport.Comparison("x", "kafka/basics", rating, reference, exercise));
                pairs.add(List.of(rating, reference));
                exercises += exercise ? 1 : 0;
            }
            QualificationRow row = qualification.row("x", "X", "kafka/basics", comparisons);
            assertThat(row.comparisons()).isEqualTo(n);
            assertThat(row.exerciseComparisons()).isEqualTo(exercises);
            double expected = PairAlpha.reference(pairs);
            if (Double.isNaN(expected)) {
                assertThat(row.alphaInterval()).isNull();
                assertThat(row.qualified()).isFalse();
                continue;
            }
            assertThat(row.alphaInterval()).isCloseTo(expected, within(0.00006));
            assertThat(row.qualified())
                    .isEqualTo(n >= config.minComparisons() && row.alphaInterval() >= config.alphaThreshold());
        }
    }

    private static List<DriftReport.Value> shiftedSample(Random random, String who, double shift) {
        List<DriftReport.Value> list = new ArrayList<>();
        for (int j = 0; j < 50; j++) {
            list.add(new DriftReport.Value(who, FROM.minus(Duration.ofHours(1 + j)), random.nextGaussian() * 0.6));
        }
        for (int j = 0; j < 25; j++) {
            list.add(new DriftReport.Value(who, FROM.plus(Duration.ofHours(1 + j)), shift + random.nextGaussian() * 0.6));
        }
        return list;
    }

    private static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }
}
