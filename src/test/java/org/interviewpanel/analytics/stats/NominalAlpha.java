package org.interviewpanel.analytics.stats;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Krippendorff's alpha for nominal data. The reports use the ordinal and interval coefficients; this one lives with the
 * tests, where it checks the implementation against the paper's published values (which are given for all three
 * levels) and serves as a reference for the others.
 */
final class NominalAlpha {

    private NominalAlpha() {
    }

    /**
     * Alpha for nominal data: {@code delta2_ck = 0} when {@code c} equals {@code k}, 1 otherwise. Values are compared
     * with {@link Object#equals}, so {@code Integer 1} and {@code Long 1} are different categories.
     * <p>
     * Per unit the ordered disagreeing pairs number {@code m_u^2 - sum_c n_uc^2} ({@code n_uc}: count of value
     * {@code c} in the unit); overall {@code sum n_c n_k delta2_ck = n^2 - sum_c n_c^2}.
     *
     * @param units the values given to each unit; missing values absent or {@code null}
     * @return alpha and its ingredients; alpha is {@code NaN} when undefined (see the class comment)
     */
    public static KrippendorffAlpha.Result of(Collection<? extends Collection<?>> units) {
        Map<Object, Integer> totals = new HashMap<>();
        double observed = 0;
        int pairableUnits = 0;
        int n = 0;
        for (Collection<?> unit : units) {
            Map<Object, Integer> counts = new HashMap<>();
            int m = 0;
            for (Object value : unit) {
                if (value != null) {
                    counts.merge(value, 1, Integer::sum);
                    m++;
                }
            }
            if (m < 2) {
                continue;
            }
            pairableUnits++;
            n += m;
            double agreeing = 0;
            for (Map.Entry<Object, Integer> count : counts.entrySet()) {
                agreeing += (double) count.getValue() * count.getValue();
                totals.merge(count.getKey(), count.getValue(), Integer::sum);
            }
            observed += ((double) m * m - agreeing) / (m - 1);
        }
        double agreeingTotal = 0;
        for (int count : totals.values()) {
            agreeingTotal += (double) count * count;
        }
        double expected = (double) n * n - agreeingTotal;
        return KrippendorffAlpha.result(pairableUnits, n, totals.size() > 1, observed, expected);
    }
}
