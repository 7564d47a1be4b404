package org.interviewpanel.analytics.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

class DescriptiveTest {

    /** The classic example 2, 4, 4, 4, 5, 5, 7, 9: mean 5, sum of squared deviations 32. */
    static final double[] EIGHT = { 2, 4, 4, 4, 5, 5, 7, 9 };

    @Test
    void mean() {
        assertThat(Descriptive.mean(EIGHT)).isEqualTo(5.0);
        assertThat(Descriptive.mean(List.of(1, 2, 4))).isCloseTo(7.0 / 3, within(1e-15));
        assertThat(Descriptive.mean()).isNaN();
        assertThat(Descriptive.mean(List.<Double> of())).isNaN();
    }

    @Test
    void medianOfOddAndEvenCounts() {
        assertThat(Descriptive.median(3, 1, 2)).isEqualTo(2.0);
        assertThat(Descriptive.median(4, 1, 3, 2)).isEqualTo(2.5);
        assertThat(Descriptive.median(7)).isEqualTo(7.0);
        assertThat(Descriptive.median(List.of(10, 2, 38, 23, 38, 23, 21))).isEqualTo(23.0);
        assertThat(Descriptive.median(List.of(1.5, 2.5))).isEqualTo(2.0);
        assertThat(Descriptive.median()).isNaN();
    }

    @Test
    void medianLeavesItsInputAlone() {
        double[] values = { 3, 1, 2 };
        Descriptive.median(values);
        assertThat(values).containsExactly(3, 1, 2);
    }

    @Test
    void standardDeviations() {
        assertThat(Descriptive.populationStandardDeviation(EIGHT)).isEqualTo(2.0);
        assertThat(Descriptive.sampleStandardDeviation(EIGHT)).isCloseTo(Math.sqrt(32.0 / 7), within(1e-15))
                .isCloseTo(2.1381, within(0.0001));
        assertThat(Descriptive.sampleStandardDeviation(List.of(1, 2, 3, 4))).isCloseTo(Math.sqrt(5.0 / 3), within(1e-15));
        assertThat(Descriptive.sampleStandardDeviation(4, 4, 4)).isZero();
    }

    @Test
    void standardDeviationNeedsEnoughValues() {
        assertThat(Descriptive.sampleStandardDeviation(5)).isNaN();
        assertThat(Descriptive.sampleStandardDeviation()).isNaN();
        assertThat(Descriptive.populationStandardDeviation(5)).isZero();
        assertThat(Descriptive.populationStandardDeviation()).isNaN();
    }

    @Test
    void rejectsNonFiniteValues() {
        assertThatThrownBy(() -> Descriptive.median(1, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Descriptive.mean(1, Double.POSITIVE_INFINITY))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
