package org.interviewpanel.analytics.stats;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Holm's step-down correction for many tests at once: controls the chance of even one false alarm among all the
 * tests (the family-wise error rate) at the chosen level, with more power than Bonferroni. Adjusted p-values: sort
 * ascending, {@code p'(i) = max over j ≤ i of min(1, (m − j + 1) · p(j))}; a test is rejected when {@code p' ≤ α}.
 */
public final class Holm {

    private Holm() {
    }

    /** Adjusted p-values in the input's order; NaN inputs (tests not run) stay NaN and do not count in m. */
    public static double[] adjust(double[] p) {
        Integer[] order = new Integer[p.length];
        int m = 0;
        for (int i = 0; i < p.length; i++) {
            order[i] = i;
            m += Double.isNaN(p[i]) ? 0 : 1;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> Double.isNaN(p[i]) ? Double.MAX_VALUE : p[i]));
        double[] adjusted = new double[p.length];
        Arrays.fill(adjusted, Double.NaN);
        double running = 0;
        for (int rank = 0; rank < m; rank++) {
            int i = order[rank];
            running = Math.max(running, Math.min(1.0, (m - rank) * p[i]));
            adjusted[i] = running;
        }
        return adjusted;
    }
}
