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
        return test(Moments.of(a), Moments.of(b));
    }

    /** The same test from each sample's count, sum and sum of squares (what a database aggregates). */
    public static Result test(Moments a, Moments b) {
        double meanA = a.mean();
        double meanB = b.mean();
        if (a.n() < 2 || b.n() < 2) {
            return new Result(meanA, meanB, Double.NaN, Double.NaN, Double.NaN);
        }
        double va = a.variance() / a.n();
        double vb = b.variance() / b.n();
        if (va + vb == 0) {
            return new Result(meanA, meanB, Double.NaN, Double.NaN, meanA == meanB ? 1.0 : 0.0);
        }
        double t = (meanA - meanB) / Math.sqrt(va + vb);
        double df = (va + vb) * (va + vb)
                / (va * va / (a.n() - 1) + vb * vb / (b.n() - 1));
        double p = regularizedIncompleteBeta(df / (df + t * t), df / 2, 0.5);
        return new Result(meanA, meanB, t, df, Math.min(1.0, Math.max(0.0, p)));
    }

    /** A sample summarised: count, sum, sum of squares. Samples add and subtract (the pool is all minus one). */
    public record Moments(long n, double sum, double sumOfSquares) {

        public static final Moments NONE = new Moments(0, 0, 0);

        public static Moments of(double[] x) {
            double sum = 0;
            double squares = 0;
            for (double v : x) {
                sum += v;
                squares += v * v;
            }
            return new Moments(x.length, sum, squares);
        }

        public Moments plus(Moments o) {
            return new Moments(n + o.n, sum + o.sum, sumOfSquares + o.sumOfSquares);
        }

        public Moments minus(Moments o) {
            return new Moments(n - o.n, sum - o.sum, sumOfSquares - o.sumOfSquares);
        }

        public double mean() {
            return n == 0 ? Double.NaN : sum / n;
        }

        /**
         * The sample variance (n − 1 in the denominator). What is left of equal values after rounding (far below
         * anything a 1–5 scale can produce) is 0, so a sample without spread is never "significant" by accident.
         */
        public double variance() {
            if (n < 2) {
                return Double.NaN;
            }
            double v = (sumOfSquares - sum * sum / n) / (n - 1);
            double mean = sum / n;
            return v < 1e-12 * (1 + mean * mean) ? 0 : v;
        }
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
