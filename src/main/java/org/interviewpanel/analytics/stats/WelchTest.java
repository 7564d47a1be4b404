package org.interviewpanel.analytics.stats;

/**
 * Welch's two-sample t-test (unequal variances): does the mean of {@code a} differ from the mean of {@code b}? The
 * two-sided p-value comes from Student's t distribution with the Welch–Satterthwaite degrees of freedom, through the
 * regularized incomplete beta function: {@code p = I_{df/(df+t²)}(df/2, 1/2)}.
 */
public final class WelchTest {

    /** The test's outcome; {@code p} is NaN when the test is undefined (fewer than 2 values, or no variance at all). */
    public record Result(double meanA, double meanB, double t, double degreesOfFreedom, double p) {
    }

    private WelchTest() {
    }

    public static Result test(double[] a, double[] b) {
        double meanA = mean(a);
        double meanB = mean(b);
        if (a.length < 2 || b.length < 2) {
            return new Result(meanA, meanB, Double.NaN, Double.NaN, Double.NaN);
        }
        double va = variance(a, meanA) / a.length;
        double vb = variance(b, meanB) / b.length;
        if (va + vb == 0) {
            return new Result(meanA, meanB, Double.NaN, Double.NaN, meanA == meanB ? 1.0 : 0.0);
        }
        double t = (meanA - meanB) / Math.sqrt(va + vb);
        double df = (va + vb) * (va + vb)
                / (va * va / (a.length - 1) + vb * vb / (b.length - 1));
        double p = regularizedIncompleteBeta(df / (df + t * t), df / 2, 0.5);
        return new Result(meanA, meanB, t, df, Math.min(1.0, Math.max(0.0, p)));
    }

    static double mean(double[] x) {
        double sum = 0;
        for (double v : x) {
            sum += v;
        }
        return x.length == 0 ? Double.NaN : sum / x.length;
    }

    /** The sample variance (n − 1 in the denominator). */
    static double variance(double[] x, double mean) {
        double sum = 0;
        for (double v : x) {
            sum += (v - mean) * (v - mean);
        }
        return sum / (x.length - 1);
    }

    /** I_x(a, b), by the continued fraction (modified Lentz), using the symmetry for fast convergence. */
    static double regularizedIncompleteBeta(double x, double a, double b) {
        if (x <= 0) {
            return 0;
        }
        if (x >= 1) {
            return 1;
        }
        double front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
        if (x < (a + 1) / (a + b + 2)) {
            return front * continuedFraction(x, a, b) / a;
        }
        return 1 - front * continuedFraction(1 - x, b, a) / b;
    }

    private static double continuedFraction(double x, double a, double b) {
        final double tiny = 1e-300;
        double c = 1;
        double d = 1 - (a + b) * x / (a + 1);
        d = Math.abs(d) < tiny ? tiny : d;
        d = 1 / d;
        double h = d;
        for (int m = 1; m <= 10_000; m++) {
            int m2 = 2 * m;
            double numerator = m * (b - m) * x / ((a + m2 - 1) * (a + m2));
            d = 1 + numerator * d;
            d = Math.abs(d) < tiny ? tiny : d;
            c = 1 + numerator / c;
            c = Math.abs(c) < tiny ? tiny : c;
            d = 1 / d;
            h *= d * c;
            numerator = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
            d = 1 + numerator * d;
            d = Math.abs(d) < tiny ? tiny : d;
            c = 1 + numerator / c;
            c = Math.abs(c) < tiny ? tiny : c;
            d = 1 / d;
            double step = d * c;
            h *= step;
            if (Math.abs(step - 1) < 1e-15) {
                break;
            }
        }
        return h;
    }

    /** ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9), accurate to about 15 digits. */
    static double logGamma(double x) {
        final double[] c = { 0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
                -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
                1.5056327351493116e-7 };
        if (x < 0.5) {
            return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
        }
        x -= 1;
        double sum = c[0];
        for (int i = 1; i < c.length; i++) {
            sum += c[i] / (x + i);
        }
        double t = x + 7.5;
        return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(sum);
    }
}
