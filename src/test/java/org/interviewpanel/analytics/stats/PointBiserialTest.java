package org.interviewpanel.analytics.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

class PointBiserialTest {

    @Test
    void scipyDocumentationExample() {
        // The example in the SciPy documentation of scipy.stats.pointbiserialr: a = [0, 0, 0, 1, 1, 1, 1], b = arange(7)
        // gives 0.8660254037844386. By hand: M1 = 4.5, M0 = 1, population SD = 2, so r = 3.5/2 * sqrt(12/49) = sqrt(3)/2.
        double[] x = { 0, 1, 2, 3, 4, 5, 6 };
        boolean[] group = { false, false, false, true, true, true, true };

        PointBiserial.Result result = PointBiserial.of(x, group);

        assertThat(result.r()).isCloseTo(0.8660254037844386, within(1e-12)).isCloseTo(Math.sqrt(3) / 2, within(1e-12));
        assertThat(result.n()).isEqualTo(7);
        assertThat(result.n1()).isEqualTo(4);
        assertThat(result.n0()).isEqualTo(3);
    }

    @Test
    void handComputedExample() {
        // Worked by hand (not from a publication): x = 1..6, group 1 = {4, 5, 6}. M1 = 5, M0 = 2, mean = 3.5,
        // sum of squared deviations = 17.5, s_n = sqrt(35/12), r = 3 / sqrt(35/12) * sqrt(9/36) = sqrt(27/35) = 0.8783.
        double[] x = { 1, 2, 3, 4, 5, 6 };
        boolean[] group = { false, false, false, true, true, true };

        assertThat(PointBiserial.of(x, group).r()).isCloseTo(Math.sqrt(27.0 / 35), within(1e-12));
    }

    @Test
    void equalsPearsonCorrelationAndTheSampleSdFormula() {
        Random random = new Random(3);
        for (int round = 0; round < 100; round++) {
            int n = 2 + random.nextInt(40);
            double[] x = new double[n];
            boolean[] group = new boolean[n];
            for (int i = 0; i < n; i++) {
                group[i] = i == 0 || (i != 1 && random.nextBoolean());
                x[i] = random.nextGaussian() * 3 + (group[i] ? 1 : 0);
            }

            double r = PointBiserial.of(x, group).r();

            assertThat(r).isCloseTo(pearson(x, group), within(1e-9));
            assertThat(r).isCloseTo(withSampleSd(x, group), within(1e-9));
        }
    }

    @Test
    void swappingTheGroupsFlipsTheSign() {
        double[] x = { 3.5, 4, 2, 5, 1.5, 4.5 };
        boolean[] group = { true, true, false, true, false, false };
        boolean[] swapped = { false, false, true, false, true, true };

        assertThat(PointBiserial.of(x, swapped).r()).isCloseTo(-PointBiserial.of(x, group).r(), within(1e-12));
    }

    @Test
    void perfectSeparationOfTwoValuesIsOne() {
        assertThat(PointBiserial.of(new double[] { 1, 1, 5, 5 }, new boolean[] { false, false, true, true }).r())
                .isEqualTo(1.0);
    }

    @Test
    void undefinedCases() {
        PointBiserial.Result emptyGroup = PointBiserial.of(new double[] { 1, 2, 3 }, new boolean[] { true, true, true });
        assertThat(emptyGroup.r()).isNaN();
        assertThat(emptyGroup.n1()).isEqualTo(3);
        assertThat(emptyGroup.n0()).isZero();

        assertThat(PointBiserial.of(new double[] { 1, 2 }, new boolean[] { false, false }).r()).isNaN();
        assertThat(PointBiserial.of(new double[] { 4 }, new boolean[] { true }).r()).isNaN();
        assertThat(PointBiserial.of(new double[0], new boolean[0]).r()).isNaN();
        assertThat(PointBiserial.of(new double[] { 0.1, 0.1, 0.1 }, new boolean[] { true, false, true }).r()).isNaN();
    }

    @Test
    void rejectsBadInput() {
        assertThatThrownBy(() -> PointBiserial.of(new double[] { 1, 2 }, new boolean[] { true }))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PointBiserial.of(new double[] { 1, Double.NaN }, new boolean[] { true, false }))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Textbook Pearson r = cov(x, y) / (sd x * sd y) with y = 1 for group 1 and 0 otherwise. */
    private static double pearson(double[] x, boolean[] group) {
        int n = x.length;
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += x[i] / n;
            my += (group[i] ? 1.0 : 0.0) / n;
        }
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            double dx = x[i] - mx;
            double dy = (group[i] ? 1.0 : 0.0) - my;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        return sxy / Math.sqrt(sxx * syy);
    }

    /** The equivalent form r = (M1 - M0) / s_{n-1} * sqrt(n1 n0 / (n (n - 1))), as given in the SciPy documentation. */
    private static double withSampleSd(double[] x, boolean[] group) {
        int n = x.length;
        int n1 = 0;
        double sum1 = 0;
        double sum0 = 0;
        for (int i = 0; i < n; i++) {
            if (group[i]) {
                n1++;
                sum1 += x[i];
            } else {
                sum0 += x[i];
            }
        }
        int n0 = n - n1;
        return (sum1 / n1 - sum0 / n0) / Descriptive.sampleStandardDeviation(x)
                * Math.sqrt((double) n1 * n0 / ((double) n * (n - 1)));
    }

    @Test
    void fromSumsTheSameAsFromTheValues() {
        Random random = new Random(11);
        for (int round = 0; round < 500; round++) {
            int n = random.nextInt(40);
            double[] x = new double[n];
            boolean[] group = new boolean[n];
            int n1 = 0;
            double sum1 = 0;
            double sum0 = 0;
            double squares = 0;
            for (int i = 0; i < n; i++) {
                x[i] = (1 + random.nextInt(5 * 4)) / 4.0;
                group[i] = random.nextBoolean();
                n1 += group[i] ? 1 : 0;
                sum1 += group[i] ? x[i] : 0;
                sum0 += group[i] ? 0 : x[i];
                squares += x[i] * x[i];
            }
            boolean varied = Arrays.stream(x).distinct().count() > 1;
            PointBiserial.Result direct = PointBiserial.of(x, group);
            PointBiserial.Result sums = PointBiserial.fromSums(n1, sum1, n - n1, sum0, squares, varied);
            assertThat(sums.n()).isEqualTo(direct.n());
            assertThat(sums.n1()).isEqualTo(direct.n1());
            if (Double.isNaN(direct.r())) {
                assertThat(sums.r()).isNaN();
            } else {
                assertThat(sums.r()).isCloseTo(direct.r(), within(1e-9));
            }
        }
    }
}
