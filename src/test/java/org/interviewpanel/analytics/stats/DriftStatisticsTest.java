package org.interviewpanel.analytics.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;

import org.apache.commons.math3.special.Beta;
import org.apache.commons.math3.special.Gamma;
import org.apache.commons.math3.stat.inference.TTest;
import org.junit.jupiter.api.Test;

/**
 * The drift report's statistics against independent references: Welch's t-test and the functions under it against
 * Apache Commons Math on random samples (seeded, many shapes and sizes), Holm's correction against the textbook
 * step-down procedure.
 */
public class DriftStatisticsTest {

    @Test
    void welchMatchesCommonsMathOnRandomSamples() {
        Random random = new Random(20261129);
        TTest reference = new TTest();
        for (int trial = 0; trial < 500; trial++) {
            double[] a = sample(random, 2 + random.nextInt(60), random.nextGaussian() * 0.5, 0.2 + random.nextDouble());
            double[] b = sample(random, 2 + random.nextInt(200), random.nextGaussian() * 0.5, 0.2 + random.nextDouble() * 2);
            WelchTest.Result ours = WelchTest.test(a, b);
            assertThat(ours.t()).as("t, trial %d", trial).isCloseTo(reference.t(a, b), within(1e-9));
            assertThat(ours.p()).as("p, trial %d (n=%d, %d)", trial, a.length, b.length)
                    .isCloseTo(reference.tTest(a, b), within(1e-9));
        }
    }

    @Test
    void theSpecialFunctionsMatchCommonsMath() {
        for (double x = 0.05; x < 60; x += 0.37) {
            assertThat(WelchTest.logGamma(x)).isCloseTo(Gamma.logGamma(x), within(1e-10));
        }
        Random random = new Random(7);
        for (int i = 0; i < 2_000; i++) {
            double x = random.nextDouble();
            double a = 0.05 + random.nextDouble() * 300;
            double b = 0.5;
            assertThat(WelchTest.regularizedIncompleteBeta(x, a, b)).as("I_%s(%s, %s)", x, a, b)
                    .isCloseTo(Beta.regularizedBeta(x, a, b), within(1e-10));
        }
    }

    @Test
    void degenerateSamplesGiveNoTest() {
        assertThat(WelchTest.test(new double[] { 1 }, new double[] { 1, 2, 3 }).p()).isNaN();
        assertThat(WelchTest.test(new double[] { 2, 2, 2 }, new double[] { 2, 2 }).p()).isEqualTo(1.0);
    }

    @Test
    void holmMatchesTheStepDownProcedure() {
        Random random = new Random(11);
        for (int trial = 0; trial < 2_000; trial++) {
            int m = 1 + random.nextInt(30);
            double[] p = new double[m];
            for (int i = 0; i < m; i++) {
                // a mix of clear effects, borderline values, nulls and tests not run
                double u = random.nextDouble();
                p[i] = u < 0.1 ? Double.NaN : u < 0.4 ? random.nextDouble() * 0.01 : random.nextDouble();
            }
            double alpha = random.nextBoolean() ? 0.05 : 0.01;
            boolean[] expected = stepDown(p, alpha);
            double[] adjusted = Holm.adjust(p);
            for (int i = 0; i < m; i++) {
                if (Double.isNaN(p[i])) {
                    assertThat(adjusted[i]).isNaN();
                } else {
                    assertThat(adjusted[i] <= alpha).as("trial %d test %d: p=%s adjusted=%s", trial, i, p[i], adjusted[i])
                            .isEqualTo(expected[i]);
                    assertThat(adjusted[i]).isGreaterThanOrEqualTo(p[i]).isLessThanOrEqualTo(1.0);
                }
            }
        }
    }

    /** Holm (1979): sort ascending; reject H(1), H(2), … while p(k) ≤ α / (m − k + 1); stop at the first that is not. */
    public static boolean[] stepDown(double[] p, double alpha) {
        Integer[] order = new Integer[p.length];
        int m = 0;
        for (int i = 0; i < p.length; i++) {
            order[i] = i;
            if (!Double.isNaN(p[i])) {
                m++;
            }
        }
        Arrays.sort(order, (x, y) -> Double.compare(Double.isNaN(p[x]) ? 2 : p[x], Double.isNaN(p[y]) ? 2 : p[y]));
        boolean[] rejected = new boolean[p.length];
        for (int k = 1; k <= m; k++) {
            int i = order[k - 1];
            if (p[i] <= alpha / (m - k + 1)) {
                rejected[i] = true;
            } else {
                break;
            }
        }
        return rejected;
    }

    static double[] sample(Random random, int n, double mean, double sd) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = mean + random.nextGaussian() * sd;
        }
        return x;
    }
}
