package org.interviewpanel.analytics.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

class KrippendorffAlphaTest {

    /**
     * The reliability data matrix of K. Krippendorff, "Computing Krippendorff's Alpha-Reliability" (2011), section C:
     * observers A-D (rows) by units 1-12 (columns), null = missing. Unit 12 has a single value and is not pairable.
     */
    static final Integer[][] PAPER_MATRIX = {
            { 1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null },
            { 1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3 },
            { null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null },
            { 1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null },
    };

    /** The same paper, section A: two observers, ten units, binary values. */
    static final Integer[][] PAPER_BINARY = {
            { 0, 1, 0, 0, 0, 0, 0, 0, 1, 0 },
            { 1, 1, 1, 0, 0, 1, 0, 0, 0, 0 },
    };

    @Test
    void paperExampleWithMissingData() {
        List<List<Integer>> units = units(PAPER_MATRIX);

        KrippendorffAlpha.Result nominal = NominalAlpha.of(units);
        KrippendorffAlpha.Result ordinal = KrippendorffAlpha.ordinal(units);
        KrippendorffAlpha.Result interval = KrippendorffAlpha.interval(units);

        // Published results: nominal .743, ordinal .815, interval .849.
        assertThat(nominal.alpha()).isCloseTo(0.743, within(0.0005));
        assertThat(ordinal.alpha()).isCloseTo(0.815, within(0.0005));
        assertThat(interval.alpha()).isCloseTo(0.849, within(0.0005));
        for (KrippendorffAlpha.Result result : List.of(nominal, ordinal, interval)) {
            assertThat(result.units()).isEqualTo(11);
            assertThat(result.pairableValues()).isEqualTo(40);
            assertThat(result.alpha())
                    .isCloseTo(1 - result.observedDisagreement() / result.expectedDisagreement(), within(1e-12));
        }
    }

    @Test
    void fromValueCountsTheSameAlphaAsFromTheValues() {
        List<List<Integer>> paper = units(PAPER_MATRIX);
        KrippendorffAlpha.Tally tally = new KrippendorffAlpha.Tally(1, 2, 3, 4, 5);
        paper.forEach(tally::addUnit);
        assertThat(tally.ordinal().alpha()).isCloseTo(0.815, within(0.0005));
        assertThat(tally.interval().alpha()).isCloseTo(0.849, within(0.0005));
        assertThat(tally.ordinal().units()).isEqualTo(11);
        assertThat(tally.ordinal().pairableValues()).isEqualTo(40);

        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            List<List<Integer>> units = new ArrayList<>();
            KrippendorffAlpha.Tally t = new KrippendorffAlpha.Tally(1, 2, 3, 4, 5);
            int bias = random.nextInt(3);
            for (int u = 0, n = 1 + random.nextInt(300); u < n; u++) {
                List<Integer> unit = new ArrayList<>();
                int centre = 1 + random.nextInt(5);
                for (int v = 0, m = random.nextInt(6); v < m; v++) {
                    unit.add(random.nextInt(4) == 0 ? null
                            : Math.max(1, Math.min(5, centre + random.nextInt(2 * bias + 1) - bias)));
                }
                units.add(unit);
                t.addUnit(unit);
            }
            KrippendorffAlpha.Result ordinal = KrippendorffAlpha.ordinal(units);
            KrippendorffAlpha.Result interval = KrippendorffAlpha.interval(units);
            assertSame(t.ordinal(), ordinal);
            assertSame(t.interval(), interval);
        }
        assertThatThrownBy(() -> new KrippendorffAlpha.Tally(1, 2).addUnit(List.of(1, 3)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertSame(KrippendorffAlpha.Result tallied, KrippendorffAlpha.Result direct) {
        assertThat(tallied.units()).isEqualTo(direct.units());
        assertThat(tallied.pairableValues()).isEqualTo(direct.pairableValues());
        if (Double.isNaN(direct.alpha())) {
            assertThat(tallied.alpha()).isNaN();
        } else {
            assertThat(tallied.alpha()).isCloseTo(direct.alpha(), within(1e-9));
        }
    }

    @Test
    void paperBinaryExample() {
        // Published: alpha = .095. By hand: n = 20, n_0 = 14, n_1 = 6, o_01 = o_10 = 4,
        // alpha = 1 - (20 - 1) * 8 / (2 * 14 * 6) = 1 - 152/168.
        KrippendorffAlpha.Result result = NominalAlpha.of(units(PAPER_BINARY));

        assertThat(result.alpha()).isCloseTo(1 - 152.0 / 168, within(1e-12)).isCloseTo(0.095, within(0.0005));
        assertThat(result.units()).isEqualTo(10);
        assertThat(result.pairableValues()).isEqualTo(20);
        assertThat(result.observedDisagreement()).isCloseTo(8.0 / 20, within(1e-12));
        assertThat(result.expectedDisagreement()).isCloseTo(2.0 * 14 * 6 / (20 * 19), within(1e-12));
    }

    @Test
    void perfectAgreementIsOne() {
        List<List<Integer>> units = List.of(List.of(1, 1, 1), List.of(5, 5), List.of(3, 3, 3, 3), List.of(2, 2));

        assertThat(NominalAlpha.of(units).alpha()).isEqualTo(1.0);
        assertThat(KrippendorffAlpha.ordinal(units).alpha()).isEqualTo(1.0);
        assertThat(KrippendorffAlpha.interval(units).alpha()).isEqualTo(1.0);
        assertThat(KrippendorffAlpha.ordinal(units).observedDisagreement()).isZero();
    }

    @Test
    void unitsWithOneValueAreIgnored() {
        List<List<Integer>> units = new ArrayList<>(units(PAPER_MATRIX));
        KrippendorffAlpha.Result before = KrippendorffAlpha.ordinal(units);
        units.add(List.of(5));
        units.add(List.of());
        units.add(Arrays.asList(null, 1, null));

        assertThat(KrippendorffAlpha.ordinal(units)).isEqualTo(before);
        assertThat(KrippendorffAlpha.interval(units)).isEqualTo(KrippendorffAlpha.interval(units(PAPER_MATRIX)));
        assertThat(NominalAlpha.of(units)).isEqualTo(NominalAlpha.of(units(PAPER_MATRIX)));
    }

    @Test
    void undefinedWhenAllValuesAreEqualOrNothingIsPairable() {
        List<List<Integer>> constant = List.of(List.of(3, 3), List.of(3, 3, 3), List.of(4));

        for (KrippendorffAlpha.Result result : List.of(NominalAlpha.of(constant),
                KrippendorffAlpha.ordinal(constant), KrippendorffAlpha.interval(constant))) {
            assertThat(result.alpha()).isNaN();
            assertThat(result.units()).isEqualTo(2);
            assertThat(result.pairableValues()).isEqualTo(5);
            assertThat(result.expectedDisagreement()).isZero();
        }
        // Values that do not add up exactly in floating point must still count as "all equal".
        assertThat(KrippendorffAlpha.interval(Collections.nCopies(7, List.of(0.1, 0.1, 0.1))).alpha()).isNaN();

        List<List<Integer>> nothingPairable = List.of(List.of(1), List.of(2), List.of());
        assertThat(KrippendorffAlpha.ordinal(nothingPairable).alpha()).isNaN();
        assertThat(KrippendorffAlpha.ordinal(nothingPairable).units()).isZero();
        assertThat(KrippendorffAlpha.interval(List.<List<Double>> of()).alpha()).isNaN();
        assertThat(NominalAlpha.of(List.<List<String>> of()).pairableValues()).isZero();
    }

    @Test
    void systematicDisagreementIsNegative() {
        List<List<Integer>> units = List.of(List.of(1, 5), List.of(5, 1), List.of(1, 5), List.of(5, 1));

        assertThat(KrippendorffAlpha.interval(units).alpha()).isNegative();
        assertThat(KrippendorffAlpha.ordinal(units).alpha()).isNegative();
    }

    @Test
    void orderOfRatersAndUnitsDoesNotMatter() {
        List<List<Integer>> units = units(PAPER_MATRIX);
        Random random = new Random(42);
        for (int round = 0; round < 20; round++) {
            List<List<Integer>> shuffled = new ArrayList<>();
            for (List<Integer> unit : units) {
                List<Integer> copy = new ArrayList<>(unit);
                Collections.shuffle(copy, random);
                shuffled.add(copy);
            }
            Collections.shuffle(shuffled, random);

            assertThat(NominalAlpha.of(shuffled).alpha())
                    .isCloseTo(NominalAlpha.of(units).alpha(), within(1e-12));
            assertThat(KrippendorffAlpha.ordinal(shuffled).alpha())
                    .isCloseTo(KrippendorffAlpha.ordinal(units).alpha(), within(1e-12));
            assertThat(KrippendorffAlpha.interval(shuffled).alpha())
                    .isCloseTo(KrippendorffAlpha.interval(units).alpha(), within(1e-12));
        }
    }

    @Test
    void intervalIsUnchangedByShiftAndScaleAndOrdinalByMonotoneRecoding() {
        List<List<Integer>> units = units(PAPER_MATRIX);
        List<List<Double>> rescaled = map(units, v -> 10.0 * v - 3);
        List<List<Integer>> recoded = map(units, v -> v * v * v + 100);

        assertThat(KrippendorffAlpha.interval(rescaled).alpha())
                .isCloseTo(KrippendorffAlpha.interval(units).alpha(), within(1e-12));
        assertThat(KrippendorffAlpha.ordinal(recoded).alpha())
                .isCloseTo(KrippendorffAlpha.ordinal(units).alpha(), within(1e-12));
    }

    @Test
    void agreesWithALiteralCoincidenceMatrixComputation() {
        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            List<List<Integer>> units = new ArrayList<>();
            int unitCount = 1 + random.nextInt(15);
            int scale = 2 + random.nextInt(6);
            for (int u = 0; u < unitCount; u++) {
                List<Integer> unit = new ArrayList<>();
                int raters = random.nextInt(6);
                for (int r = 0; r < raters; r++) {
                    unit.add(1 + random.nextInt(scale));
                }
                units.add(unit);
            }

            assertSameAlpha(NominalAlpha.of(units).alpha(),
                    Reference.alpha(units, (c, k) -> c.equals(k) ? 0.0 : 1.0));
            assertSameAlpha(KrippendorffAlpha.interval(units).alpha(),
                    Reference.alpha(units, (c, k) -> (double) (c - k) * (c - k)));
            assertSameAlpha(KrippendorffAlpha.ordinal(units).alpha(), Reference.ordinalAlpha(units));
        }
    }

    @Test
    void independentRatersOnAMillionValuesGiveAlphaNearZero() {
        Random random = new Random(1);
        List<List<Integer>> units = new ArrayList<>();
        for (int u = 0; u < 250_000; u++) {
            units.add(List.of(1 + random.nextInt(5), 1 + random.nextInt(5), 1 + random.nextInt(5), 1 + random.nextInt(5)));
        }

        KrippendorffAlpha.Result ordinal = KrippendorffAlpha.ordinal(units);

        assertThat(ordinal.pairableValues()).isEqualTo(1_000_000);
        assertThat(ordinal.alpha()).isCloseTo(0.0, within(0.01));
        assertThat(KrippendorffAlpha.interval(units).alpha()).isCloseTo(0.0, within(0.01));
        assertThat(NominalAlpha.of(units).alpha()).isCloseTo(0.0, within(0.01));
    }

    @Test
    void rejectsNonFiniteIntervalValues() {
        assertThatThrownBy(() -> KrippendorffAlpha.interval(List.of(List.of(1.0, Double.NaN))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertSameAlpha(double actual, double expected) {
        if (Double.isNaN(expected)) {
            assertThat(actual).isNaN();
        } else {
            assertThat(actual).isCloseTo(expected, within(1e-9));
        }
    }

    /** Turns an observers-by-units matrix into one list of values per unit, dropping missing (null) cells. */
    static List<List<Integer>> units(Integer[][] matrix) {
        List<List<Integer>> units = new ArrayList<>();
        for (int u = 0; u < matrix[0].length; u++) {
            List<Integer> unit = new ArrayList<>();
            for (Integer[] observer : matrix) {
                if (observer[u] != null) {
                    unit.add(observer[u]);
                }
            }
            units.add(unit);
        }
        return units;
    }

    private static <T> List<List<T>> map(List<List<Integer>> units, Function<Integer, T> f) {
        return units.stream().map(unit -> unit.stream().map(f).collect(Collectors.toList())).collect(Collectors.toList());
    }

    /**
     * A deliberately naive transcription of the paper: build the full coincidence matrix o_ck pair by pair, take its
     * marginals, and apply alpha = 1 - (n-1) sum o_ck delta2_ck / sum n_c n_k delta2_ck.
     */
    static final class Reference {

        static double alpha(Collection<? extends List<Integer>> units, BiFunction<Integer, Integer, Double> delta2) {
            TreeMap<Integer, TreeMap<Integer, Double>> o = coincidences(units);
            TreeMap<Integer, Double> marginals = marginals(o);
            double n = marginals.values().stream().mapToDouble(Double::doubleValue).sum();
            double observed = 0;
            for (var row : o.entrySet()) {
                for (var cell : row.getValue().entrySet()) {
                    observed += cell.getValue() * delta2.apply(row.getKey(), cell.getKey());
                }
            }
            double expected = 0;
            for (var c : marginals.entrySet()) {
                for (var k : marginals.entrySet()) {
                    expected += c.getValue() * k.getValue() * delta2.apply(c.getKey(), k.getKey());
                }
            }
            return expected == 0 ? Double.NaN : 1 - (n - 1) * observed / expected;
        }

        /** Ordinal metric: delta2_ck = (sum_{g=c..k} n_g - (n_c + n_k)/2)^2 over the values that occur. */
        static double ordinalAlpha(Collection<? extends List<Integer>> units) {
            TreeMap<Integer, Double> marginals = marginals(coincidences(units));
            return alpha(units, (c, k) -> {
                int low = Math.min(c, k);
                int high = Math.max(c, k);
                double between = marginals.subMap(low, true, high, true).values().stream().mapToDouble(v -> v).sum();
                double d = between - (marginals.get(c) + marginals.get(k)) / 2;
                return d * d;
            });
        }

        static TreeMap<Integer, TreeMap<Integer, Double>> coincidences(Collection<? extends List<Integer>> units) {
            TreeMap<Integer, TreeMap<Integer, Double>> o = new TreeMap<>();
            for (List<Integer> unit : units) {
                int m = unit.size();
                if (m < 2) {
                    continue;
                }
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < m; j++) {
                        if (i != j) {
                            o.computeIfAbsent(unit.get(i), c -> new TreeMap<>()).merge(unit.get(j), 1.0 / (m - 1),
                                    Double::sum);
                        }
                    }
                }
            }
            return o;
        }

        static TreeMap<Integer, Double> marginals(TreeMap<Integer, TreeMap<Integer, Double>> o) {
            TreeMap<Integer, Double> marginals = new TreeMap<>();
            o.forEach((c, row) -> marginals.put(c, row.values().stream().mapToDouble(Double::doubleValue).sum()));
            return marginals;
        }
    }
}
