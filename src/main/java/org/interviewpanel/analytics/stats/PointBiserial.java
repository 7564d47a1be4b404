package org.interviewpanel.analytics.stats;

/**
 * The point-biserial correlation between a continuous variable and a dichotomous one, for example an item's mean panel
 * rating against the hiring decision (1 = hire, 0 = no hire).
 */
public final class PointBiserial {

    /**
     * Outcome of one computation.
     *
     * @param r the correlation, between -1 and 1; {@code NaN} when undefined
     * @param n number of pairs
     * @param n1 pairs in group 1 ({@code true})
     * @param n0 pairs in group 0 ({@code false})
     */
    public record Result(double r, int n, int n1, int n0) {
    }

    private PointBiserial() {
    }

    /**
     * Computes {@code r_pb = (M1 - M0) / s_n * sqrt(n1 n0 / n^2)}, where {@code M1} and {@code M0} are the means of
     * {@code x} in group 1 and group 0 and {@code s_n} is the population standard deviation (divisor {@code n}) of all
     * of {@code x}. This equals the Pearson correlation between {@code x} and the group coded 1/0. A positive value
     * means that group 1 tends to have the higher values.
     * <p>
     * Undefined, and returned as {@code NaN}, when {@code n < 2}, when either group is empty, or when all values of
     * {@code x} are equal.
     *
     * @param x the continuous values
     * @param group {@code group[i]} is true when pair {@code i} belongs to group 1
     * @return r with the group sizes
     * @throws IllegalArgumentException if the arrays differ in length or a value is not finite
     */
    public static Result of(double[] x, boolean[] group) {
        if (x.length != group.length) {
            throw new IllegalArgumentException("x has " + x.length + " values but group has " + group.length);
        }
        int n = x.length;
        int n1 = 0;
        double sum1 = 0;
        double sum0 = 0;
        boolean varied = false;
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(x[i])) {
                throw new IllegalArgumentException("Not a finite value: " + x[i]);
            }
            varied |= x[i] != x[0];
            if (group[i]) {
                n1++;
                sum1 += x[i];
            } else {
                sum0 += x[i];
            }
        }
        int n0 = n - n1;
        if (n < 2 || n1 == 0 || n0 == 0 || !varied) {
            return new Result(Double.NaN, n, n1, n0);
        }
        double mean = (sum1 + sum0) / n;
        double squaredDeviations = 0;
        for (double value : x) {
            squaredDeviations += (value - mean) * (value - mean);
        }
        double sd = Math.sqrt(squaredDeviations / n);
        double r = (sum1 / n1 - sum0 / n0) / sd * Math.sqrt((double) n1 * n0) / n;
        // Rounding may push a perfect correlation a hair past 1.
        return new Result(Math.max(-1, Math.min(1, r)), n, n1, n0);
    }

    /**
     * The same coefficient from sums, for data kept as running totals: {@code n1} values in group 1 summing to
     * {@code sum1}, {@code n0} in group 0 summing to {@code sum0}, the sum of all squares, and whether the values differ
     * at all (kept apart because a zero variance computed from sums may come out as a tiny positive number).
     *
     * @return r with the group sizes; {@code NaN} under the same conditions as {@link #of}
     */
    public static Result fromSums(int n1, double sum1, int n0, double sum0, double sumOfSquares, boolean varied) {
        int n = n1 + n0;
        if (n < 2 || n1 == 0 || n0 == 0 || !varied) {
            return new Result(Double.NaN, n, n1, n0);
        }
        double mean = (sum1 + sum0) / n;
        double squaredDeviations = Math.max(0, sumOfSquares - n * mean * mean);
        double sd = Math.sqrt(squaredDeviations / n);
        double r = (sum1 / n1 - sum0 / n0) / sd * Math.sqrt((double) n1 * n0) / n;
        return new Result(Math.max(-1, Math.min(1, r)), n, n1, n0);
    }
}
