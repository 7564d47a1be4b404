package org.interviewpanel.analytics.stats;

import java.util.Arrays;
import java.util.Collection;

/**
 * Mean, median and standard deviation. Every method returns {@code NaN} when the statistic is undefined for the number of
 * values given, and rejects non-finite values with an {@link IllegalArgumentException}.
 */
public final class Descriptive {

    private Descriptive() {
    }

    /**
     * The arithmetic mean, {@code sum x / n}.
     *
     * @param values the values
     * @return the mean; {@code NaN} when there are no values
     */
    public static double mean(double... values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (double value : finite(values)) {
            sum += value;
        }
        return sum / values.length;
    }

    /**
     * The arithmetic mean, as {@link #mean(double...)}.
     *
     * @param values the values, none {@code null}
     * @return the mean; {@code NaN} when there are no values
     */
    public static double mean(Collection<? extends Number> values) {
        return mean(toArray(values));
    }

    /**
     * The middle value after sorting; for an even number of values the average of the two middle ones.
     *
     * @param values the values (not modified)
     * @return the median; {@code NaN} when there are no values
     */
    public static double median(double... values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = finite(values).clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /**
     * The median, as {@link #median(double...)}.
     *
     * @param values the values, none {@code null}
     * @return the median; {@code NaN} when there are no values
     */
    public static double median(Collection<? extends Number> values) {
        return median(toArray(values));
    }

    /**
     * The sample standard deviation, {@code sqrt(sum (x - mean)^2 / (n - 1))}: the usual estimate of the spread of the
     * population the values were drawn from.
     *
     * @param values the values
     * @return the standard deviation; {@code NaN} when there are fewer than two values
     */
    public static double sampleStandardDeviation(double... values) {
        return values.length < 2 ? Double.NaN : Math.sqrt(squaredDeviations(values) / (values.length - 1));
    }

    /**
     * The sample standard deviation, as {@link #sampleStandardDeviation(double...)}.
     *
     * @param values the values, none {@code null}
     * @return the standard deviation; {@code NaN} when there are fewer than two values
     */
    public static double sampleStandardDeviation(Collection<? extends Number> values) {
        return sampleStandardDeviation(toArray(values));
    }

    /**
     * The population standard deviation, {@code sqrt(sum (x - mean)^2 / n)}: the spread of exactly these values.
     *
     * @param values the values
     * @return the standard deviation; {@code NaN} when there are no values
     */
    public static double populationStandardDeviation(double... values) {
        return values.length == 0 ? Double.NaN : Math.sqrt(squaredDeviations(values) / values.length);
    }

    /** {@code sum (x - mean)^2}, in two passes for accuracy. */
    private static double squaredDeviations(double[] values) {
        double mean = mean(values);
        double sum = 0;
        for (double value : values) {
            sum += (value - mean) * (value - mean);
        }
        return sum;
    }

    private static double[] toArray(Collection<? extends Number> values) {
        return values.stream().mapToDouble(Number::doubleValue).toArray();
    }

    private static double[] finite(double[] values) {
        for (double value : values) {
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("Not a finite value: " + value);
            }
        }
        return values;
    }
}
