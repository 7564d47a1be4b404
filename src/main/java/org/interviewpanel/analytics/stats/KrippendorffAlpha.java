package org.interviewpanel.analytics.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Krippendorff's alpha, the agreement coefficient for any number of raters, missing data and several levels of
 * measurement, following K. Krippendorff, "Computing Krippendorff's Alpha-Reliability" (2011).
 * <p>
 * Input is one collection per unit (for example one interview item), holding the values that the raters gave to that
 * unit. Raters who did not rate the unit are simply absent; {@code null} elements are also read as missing. Units with
 * fewer than two values are not pairable and are left out, as in the paper.
 * <p>
 * In the paper's coincidence-matrix terms, with {@code m_u} values in unit {@code u}:
 * <ul>
 * <li>{@code o_ck = sum_u (number of ordered c-k pairs of values in u) / (m_u - 1)}, marginals {@code n_c = sum_k o_ck},
 * {@code n = sum_c n_c} (all values in pairable units);</li>
 * <li>observed disagreement {@code D_o = (1/n) sum_c sum_k o_ck delta2_ck};</li>
 * <li>expected disagreement {@code D_e = 1/(n(n-1)) sum_c sum_k n_c n_k delta2_ck};</li>
 * <li>{@code alpha = 1 - D_o / D_e = 1 - (n-1) sum o_ck delta2_ck / sum n_c n_k delta2_ck}.</li>
 * </ul>
 * The sums are accumulated without materialising the matrix, so the cost is {@code O(n log n)} in the number of values
 * whatever the number of distinct values: the number of pairs of a unit weighted by {@code delta2} is obtained from the
 * unit's value counts (nominal) or from the sum of squared deviations, because
 * {@code sum over ordered pairs (t_i - t_j)^2 = 2 m sum_i (t_i - mean)^2} (interval and ordinal, see below).
 * <p>
 * Alpha is 1 for perfect agreement, 0 when agreement is at chance level, and negative for systematic disagreement. It is
 * {@link Double#NaN undefined} when there is no pairable unit or when every pairable value is the same: then no
 * disagreement could be expected ({@code D_e = 0}) and the data cannot tell reliable raters from a constant scale.
 */
public final class KrippendorffAlpha {

    /**
     * Outcome of one computation.
     *
     * @param alpha {@code 1 - D_o/D_e}; {@code NaN} when undefined (no pairable unit, or a single distinct value)
     * @param units pairable units, i.e. units with at least two values
     * @param pairableValues {@code n}, the number of values in pairable units
     * @param observedDisagreement {@code D_o}; {@code NaN} when there is no pairable unit
     * @param expectedDisagreement {@code D_e}; {@code NaN} when there is no pairable unit, 0 when all values are equal
     */
    public record Result(double alpha, int units, int pairableValues, double observedDisagreement,
            double expectedDisagreement) {
    }

    private KrippendorffAlpha() {
    }

    /**
     * Alpha for ordinal data, for example ratings on a 1–5 scale. Only the order of the values matters, and the
     * distance between two values grows with how many values fall between them:
     * {@code delta2_ck = (sum_{g=c..k} n_g - (n_c + n_k)/2)^2} over the values that occur in pairable units, ordered by
     * size.
     * <p>
     * Writing {@code P_g = (sum_{h<g} n_h) + n_g/2} for the mid-rank position of value {@code g}, this is exactly
     * {@code delta2_ck = (P_k - P_c)^2}, so the ordinal coefficient is the interval one computed on mid-ranks.
     *
     * @param units the values given to each unit; missing values absent or {@code null}
     * @return alpha and its ingredients; alpha is {@code NaN} when undefined (see the class comment)
     */
    public static Result ordinal(Collection<? extends Collection<Integer>> units) {
        List<int[]> pairable = new ArrayList<>();
        int n = 0;
        for (Collection<Integer> unit : units) {
            int[] values = unit.stream().filter(Objects::nonNull).mapToInt(Integer::intValue).toArray();
            if (values.length >= 2) {
                pairable.add(values);
                n += values.length;
            }
        }
        int[] sorted = new int[n];
        int at = 0;
        for (int[] values : pairable) {
            System.arraycopy(values, 0, sorted, at, values.length);
            at += values.length;
        }
        Arrays.sort(sorted);

        // Distinct values in order, and the mid-rank position of each.
        int[] distinct = new int[n];
        double[] position = new double[n];
        int k = 0;
        for (int start = 0; start < n;) {
            int end = start;
            while (end < n && sorted[end] == sorted[start]) {
                end++;
            }
            distinct[k] = sorted[start];
            position[k] = start + (end - start) / 2.0;
            k++;
            start = end;
        }

        List<double[]> positions = new ArrayList<>(pairable.size());
        for (int[] values : pairable) {
            double[] unitPositions = new double[values.length];
            for (int i = 0; i < values.length; i++) {
                unitPositions[i] = position[Arrays.binarySearch(distinct, 0, k, values[i])];
            }
            positions.add(unitPositions);
        }
        return squaredDifference(positions, n, k > 1);
    }

    /**
     * Alpha for interval data: {@code delta2_ck = (c - k)^2}.
     *
     * @param units the values given to each unit; missing values absent or {@code null}
     * @return alpha and its ingredients; alpha is {@code NaN} when undefined (see the class comment)
     * @throws IllegalArgumentException if a value is not finite
     */
    public static Result interval(Collection<? extends Collection<? extends Number>> units) {
        List<double[]> pairable = new ArrayList<>();
        int n = 0;
        for (Collection<? extends Number> unit : units) {
            double[] values = unit.stream().filter(Objects::nonNull).mapToDouble(Number::doubleValue).toArray();
            for (double value : values) {
                if (!Double.isFinite(value)) {
                    throw new IllegalArgumentException("Not a finite value: " + value);
                }
            }
            if (values.length >= 2) {
                pairable.add(values);
                n += values.length;
            }
        }
        return squaredDifference(pairable, n, !allEqual(pairable));
    }

    private static boolean allEqual(List<double[]> units) {
        double first = units.isEmpty() ? 0 : units.get(0)[0];
        for (double[] values : units) {
            for (double value : values) {
                if (value != first) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * The shared core for metrics of the form {@code delta2(a, b) = (a - b)^2} on (possibly transformed) values. Uses
     * {@code sum over ordered pairs (t_i - t_j)^2 = 2 m sum_i (t_i - mean)^2} for each unit (observed) and for all
     * pairable values together (expected), which is numerically stable and linear in the number of values.
     */
    private static Result squaredDifference(List<double[]> units, int n, boolean varied) {
        double total = 0;
        for (double[] values : units) {
            for (double value : values) {
                total += value;
            }
        }
        double mean = total / n;
        double observed = 0;
        double squaredDeviations = 0;
        for (double[] values : units) {
            double unitMean = Arrays.stream(values).sum() / values.length;
            double unitSquaredDeviations = 0;
            for (double value : values) {
                unitSquaredDeviations += (value - unitMean) * (value - unitMean);
                squaredDeviations += (value - mean) * (value - mean);
            }
            observed += 2.0 * values.length * unitSquaredDeviations / (values.length - 1);
        }
        double expected = 2.0 * n * squaredDeviations;
        return result(units.size(), n, varied, observed, expected);
    }

    /**
     * Normalises the sums into {@code D_o} and {@code D_e}. {@code observed} is {@code sum_c sum_k o_ck delta2_ck},
     * {@code expected} is {@code sum_c sum_k n_c n_k delta2_ck}, and {@code varied} tells whether the pairable values
     * hold at least two distinct values.
     */
    static Result result(int units, int n, boolean varied, double observed, double expected) {
        if (n == 0) {
            return new Result(Double.NaN, 0, 0, Double.NaN, Double.NaN);
        }
        if (!varied || expected == 0) {
            // Every pairable value is the same: nothing to disagree about, alpha is 0/0.
            return new Result(Double.NaN, units, n, 0, 0);
        }
        double observedDisagreement = observed / n;
        double expectedDisagreement = expected / ((double) n * (n - 1));
        return new Result(1 - observedDisagreement / expectedDisagreement, units, n, observedDisagreement,
                expectedDisagreement);
    }

    /**
     * Alpha from value counts instead of values, for data kept as running totals per unit: every unit is described by
     * how many times it got each value, and units with the same number of values {@code m} are summed together. For
     * units of size {@code m}, {@code counts[v]} sums the counts of value {@code values[v]} and
     * {@code products[v][w]} the products of the counts of {@code values[v]} and {@code values[w]} (the diagonal holds
     * squares); that is all the coincidence matrix needs: {@code o_vw = sum_m (products[v][w] - [v = w] counts[v]) / (m
     * - 1)}. Gives the same alpha as {@link #ordinal} and {@link #interval} on the units themselves.
     */
    public static final class Tally {
        private final int[] values;
        private final java.util.Map<Integer, long[]> counts = new java.util.TreeMap<>();
        private final java.util.Map<Integer, long[][]> products = new java.util.TreeMap<>();
        private long units;

        /** @param values the possible values, in increasing order */
        public Tally(int... values) {
            for (int i = 1; i < values.length; i++) {
                if (values[i] <= values[i - 1]) {
                    throw new IllegalArgumentException("values must increase");
                }
            }
            this.values = values.clone();
        }

        /** Adds {@code units} units of size {@code m} (at least 2) with their summed counts and products. */
        public Tally add(int m, long units, long[] counts, long[][] products) {
            if (m < 2) {
                throw new IllegalArgumentException("a unit with fewer than two values is not pairable");
            }
            long[] c = this.counts.computeIfAbsent(m, k -> new long[values.length]);
            long[][] p = this.products.computeIfAbsent(m, k -> new long[values.length][values.length]);
            for (int v = 0; v < values.length; v++) {
                c[v] += counts[v];
                for (int w = 0; w < values.length; w++) {
                    p[v][w] += products[v][w];
                }
            }
            this.units += units;
            return this;
        }

        /** Adds one unit from its values (those outside the value list are refused). */
        public Tally addUnit(Collection<Integer> unit) {
            long[] c = new long[values.length];
            int m = 0;
            for (Integer value : unit) {
                if (value != null) {
                    int v = Arrays.binarySearch(values, value);
                    if (v < 0) {
                        throw new IllegalArgumentException("Not one of the values: " + value);
                    }
                    c[v]++;
                    m++;
                }
            }
            if (m < 2) {
                return this;
            }
            long[][] p = new long[values.length][values.length];
            for (int v = 0; v < values.length; v++) {
                for (int w = 0; w < values.length; w++) {
                    p[v][w] = c[v] * c[w];
                }
            }
            return add(m, 1, c, p);
        }

        public Result ordinal() {
            long[] marginals = marginals();
            double[] position = new double[values.length];
            long before = 0;
            for (int v = 0; v < values.length; v++) {
                position[v] = before + marginals[v] / 2.0;
                before += marginals[v];
            }
            return squaredDifference(position, marginals);
        }

        public Result interval() {
            double[] scale = new double[values.length];
            for (int v = 0; v < values.length; v++) {
                scale[v] = values[v];
            }
            return squaredDifference(scale, marginals());
        }

        private long[] marginals() {
            long[] n = new long[values.length];
            for (long[] c : counts.values()) {
                for (int v = 0; v < values.length; v++) {
                    n[v] += c[v];
                }
            }
            return n;
        }

        /**
         * {@code sum over ordered pairs in a unit of (t_i - t_j)^2 = 2 (m sum_v c_v t_v^2 - sum_v sum_w c_v c_w t_v t_w)},
         * divided by {@code m - 1}; expected likewise over all pairable values with {@code m = n}.
         */
        private Result squaredDifference(double[] scale, long[] marginals) {
            long n = 0;
            int distinct = 0;
            double weighted = 0;
            for (int v = 0; v < values.length; v++) {
                n += marginals[v];
                distinct += marginals[v] > 0 ? 1 : 0;
                weighted += marginals[v] * scale[v];
            }
            // Differences do not change when every value moves by the same amount; centred, the sums stay small.
            double[] t = new double[values.length];
            for (int v = 0; v < values.length; v++) {
                t[v] = n == 0 ? scale[v] : scale[v] - weighted / n;
            }
            double observed = 0;
            for (var entry : counts.entrySet()) {
                int m = entry.getKey();
                long[] c = entry.getValue();
                long[][] p = products.get(m);
                double squares = 0;
                double cross = 0;
                for (int v = 0; v < values.length; v++) {
                    squares += c[v] * t[v] * t[v];
                    for (int w = 0; w < values.length; w++) {
                        cross += p[v][w] * t[v] * t[w];
                    }
                }
                observed += 2.0 * (m * squares - cross) / (m - 1);
            }
            double sum = 0;
            double squares = 0;
            for (int v = 0; v < values.length; v++) {
                sum += marginals[v] * t[v];
                squares += marginals[v] * t[v] * t[v];
            }
            double expected = n == 0 ? 0 : 2.0 * n * (squares - sum * sum / n);
            return result(Math.toIntExact(units), Math.toIntExact(n), distinct > 1, observed, expected);
        }
    }
}
