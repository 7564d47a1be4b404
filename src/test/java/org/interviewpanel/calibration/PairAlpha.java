package org.interviewpanel.calibration;

import java.util.List;

/**
 * An independent reference for Krippendorff's interval alpha when every unit holds exactly two values (an
 * interviewer's rating and its reference): with n = 2N values, D_o = (2/n) · Σ (a − b)² and D_e = 2 · Σ (v − v̄)² /
 * (n − 1), alpha = 1 − D_o / D_e. Derived directly from the definition, not through the coincidence matrix.
 */
public final class PairAlpha {

    private PairAlpha() {
    }

    public static double reference(List<? extends List<? extends Number>> pairs) {
        int n = 2 * pairs.size();
        double sum = 0;
        double within = 0;
        for (List<? extends Number> p : pairs) {
            double a = p.get(0).doubleValue();
            double b = p.get(1).doubleValue();
            sum += a + b;
            within += (a - b) * (a - b);
        }
        double mean = sum / n;
        double spread = 0;
        for (List<? extends Number> p : pairs) {
            spread += Math.pow(p.get(0).doubleValue() - mean, 2) + Math.pow(p.get(1).doubleValue() - mean, 2);
        }
        double observed = 2 * within / n;
        double expected = 2 * spread / (n - 1);
        return 1 - observed / expected;
    }
}
