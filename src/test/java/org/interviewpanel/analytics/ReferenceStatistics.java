package org.interviewpanel.analytics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Straightforward textbook computations, written independently of the production classes, to check the reports'
 * numbers: Krippendorff's alpha from its pairwise definition (every ordered pair of values within a unit against every
 * ordered pair across all pairable values), and Pearson's r.
 */
final class ReferenceStatistics {

    private ReferenceStatistics() {
    }

    /** delta² for interval data: the squared difference. */
    static double intervalAlpha(List<List<Integer>> units) {
        return alpha(units, (a, b, marginals) -> (double) (a - b) * (a - b));
    }

    /** delta² for ordinal data: (sum of the marginals from a to b, minus half of each end's marginal) squared. */
    static double ordinalAlpha(List<List<Integer>> units) {
        return alpha(units, (a, b, marginals) -> {
            int lo = Math.min(a, b);
            int hi = Math.max(a, b);
            if (lo == hi) {
                return 0;
            }
            double sum = 0;
            for (var e : marginals.entrySet()) {
                if (e.getKey() >= lo && e.getKey() <= hi) {
                    sum += e.getValue();
                }
            }
            double d = sum - (marginals.get(lo) + marginals.get(hi)) / 2.0;
            return d * d;
        });
    }

    interface Delta {
        double of(int a, int b, Map<Integer, Integer> marginals);
    }

    private static double alpha(List<List<Integer>> units, Delta delta) {
        List<List<Integer>> pairable = units.stream().filter(u -> u.size() >= 2).toList();
        List<Integer> all = new ArrayList<>();
        pairable.forEach(all::addAll);
        Map<Integer, Integer> marginals = new TreeMap<>();
        all.forEach(v -> marginals.merge(v, 1, Integer::sum));
        int n = all.size();
        double observed = 0;
        for (List<Integer> u : pairable) {
            double within = 0;
            for (int i = 0; i < u.size(); i++) {
                for (int j = 0; j < u.size(); j++) {
                    if (i != j) {
                        within += delta.of(u.get(i), u.get(j), marginals);
                    }
                }
            }
            observed += within / (u.size() - 1);
        }
        double expected = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (i != j) {
                    expected += delta.of(all.get(i), all.get(j), marginals);
                }
            }
        }
        return 1 - (n - 1) * observed / expected;
    }

    static double pearson(double[] x, double[] y) {
        double mx = 0;
        double my = 0;
        for (int i = 0; i < x.length; i++) {
            mx += x[i] / x.length;
            my += y[i] / y.length;
        }
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxy / Math.sqrt(sxx * syy);
    }
}
