package org.interviewpanel.analytics;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Each group's median, exactly as PostgreSQL's {@code percentile_cont(0.5)} gives it, without sorting every value:
 * values are counted per group and unit-wide bucket ({@code floor(value)}), which needs no sort (the weekly rollups keep
 * those counts, and each bucket's smallest and largest value); the buckets that hold the middle ranks are found from the
 * counts; only the values of those buckets are read (none when a bucket holds one value repeated, as whole minutes or
 * hours do), and the middle one (or the mean of the middle two) taken, with {@code percentile_cont}'s interpolation.
 * Both reads run on the caller's connection, in its snapshot.
 */
final class Medians {

    /**
     * Interviewer or question: the medians of a measure per group over a report's scope, its bucket counts read from the
     * weekly rollup {@code rollup} ({@link Rollups#MINUTES}, {@link Rollups#DELAY}) where {@code cells} allows, and
     * the values of the middle buckets from the statistics rows; {@code where} (parameters {@code whereParams}) is the
     * report's condition on the statistics rows {@code s}.
     */
    static Map<String, Double> byText(Connection c, Rollups.Rollup rollup, Cells cells, String where,
            List<Object> whereParams) throws SQLException {
        Map<String, Double> out = new HashMap<>();
        byKeys(c, rollup, List.of(rollup.keys().get(1)), cells, where, whereParams)
                .forEach((k, v) -> out.put((String) k.get(0), v));
        return out;
    }

    /**
     * The medians of the measure {@code rollup} counts (its last key is the bucket, {@code floor(value)}) per group of
     * {@code groups} (some of its keys; none: one median over the scope), as {@link #byText}.
     */
    static Map<List<Object>, Double> byKeys(Connection c, Rollups.Rollup rollup, List<Rollups.Key> groups, Cells cells,
            String where, List<Object> whereParams) throws SQLException {
        Rollups.Key bucket = rollup.keys().get(rollup.keys().size() - 1);
        String value = bucket.expression().substring("floor(".length(), bucket.expression().length() - 1);
        StringBuilder names = new StringBuilder();
        for (Rollups.Key g : groups) {
            names.append("x.").append(g.name()).append(", ");
        }
        List<Object> countParams = new ArrayList<>();
        String scoped = rollup.scoped(cells, where, whereParams, countParams);
        Query counts = new Query("select " + names + "x.bucket, sum(x.n), min(x.lo), max(x.hi) from (" + scoped
                + ") x group by " + names + "x.bucket", countParams);
        return of(c, groups.size(), counts, wanted -> {
            List<Object> p = new ArrayList<>();
            StringBuilder columns = new StringBuilder();
            StringBuilder on = new StringBuilder();
            StringBuilder select = new StringBuilder();
            for (int i = 0; i < groups.size(); i++) {
                int at = i;
                Object[] values = wanted.stream().map(w -> w.group().get(at)).toArray();
                p.add(new ReportSql.SqlArray(values.length > 0 && values[0] instanceof java.sql.Date ? "date" : "text",
                        values));
                columns.append("g").append(i).append(", ");
                on.append(groups.get(i).expression()).append(" = wanted.g").append(i).append(" and ");
                select.append(groups.get(i).expression()).append(", ");
            }
            p.add(new ReportSql.SqlArray("float8", wanted.stream().map(w -> w.bucket()).toArray()));
            p.addAll(whereParams);
            String unnest = "?, ".repeat(groups.size()) + "?";
            return new Query("select " + select + bucket.expression() + ", " + value + " from analytics."
                    + rollup.source() + " s join unnest(" + unnest + ") as wanted(" + columns + "b) on " + on
                    + bucket.expression() + " = wanted.b where " + rollup.condition() + " and " + where, p);
        });
    }

    /** A query and its parameters. */
    record Query(String sql, List<Object> params) {
    }

    /** A group's bucket whose values are needed. */
    record Wanted(List<Object> group, double bucket) {
    }

    private Medians() {
    }

    /**
     * @param groupColumns how many leading columns name the group in both queries
     * @param counts rows of (group columns, bucket, count, smallest value, largest value) over the values in scope
     *        (nulls left out; a group's bucket may come in several rows, they add up)
     * @param values given the buckets wanted, a query for rows of (group columns, bucket, value) over the same scope,
     *        restricted to those buckets
     * @return the median of each group that has a value
     */
    static Map<List<Object>, Double> of(Connection c, int groupColumns, Query counts,
            Function<List<Wanted>, Query> values) throws SQLException {
        Map<List<Object>, TreeMap<Double, Long>> histograms = new HashMap<>();
        Map<Wanted, double[]> ranges = new HashMap<>(); // each bucket's smallest and largest value
        read(c, counts, rs -> {
            List<Object> group = group(rs, groupColumns);
            double bucket = rs.getDouble(groupColumns + 1);
            histograms.computeIfAbsent(group, g -> new TreeMap<>()).merge(bucket, rs.getLong(groupColumns + 2),
                    Long::sum);
            double[] range = { rs.getDouble(groupColumns + 3), rs.getDouble(groupColumns + 4) };
            ranges.merge(new Wanted(group, bucket), range,
                    (a, b) -> new double[] { Math.min(a[0], b[0]), Math.max(a[1], b[1]) });
        });

        // Ranks (0-based) of the middle value(s), and where they fall: bucket and rank within it.
        Map<List<Object>, long[]> middles = new HashMap<>();
        Map<Wanted, Long> needed = new HashMap<>();
        for (var entry : histograms.entrySet()) {
            long n = entry.getValue().values().stream().mapToLong(Long::longValue).sum();
            long lo = (n - 1) / 2;
            long hi = n / 2;
            middles.put(entry.getKey(), new long[] { n, lo, hi });
            for (long rank : new long[] { lo, hi }) {
                Wanted w = new Wanted(entry.getKey(), locate(entry.getValue(), rank)[0]);
                double[] range = ranges.get(w);
                if (range[0] != range[1]) { // a bucket of one value repeated needs no read
                    needed.merge(w, 1L, Long::sum);
                }
            }
        }
        Map<Wanted, TreeMap<Double, Long>> sorted = new HashMap<>();
        ranges.forEach((w, range) -> {
            if (range[0] == range[1]) {
                sorted.put(w, new TreeMap<>(Map.of(range[0], Long.MAX_VALUE)));
            }
        });
        if (!needed.isEmpty()) {
            read(c, values.apply(new ArrayList<>(needed.keySet())), rs -> sorted
                    .computeIfAbsent(new Wanted(group(rs, groupColumns), rs.getDouble(groupColumns + 1)),
                            w -> new TreeMap<>())
                    .merge(rs.getDouble(groupColumns + 2), 1L, Long::sum));
        }

        Map<List<Object>, Double> medians = new HashMap<>();
        for (var entry : middles.entrySet()) {
            TreeMap<Double, Long> histogram = histograms.get(entry.getKey());
            long n = entry.getValue()[0];
            double first = valueAt(histogram, sorted, entry.getKey(), entry.getValue()[1]);
            double second = valueAt(histogram, sorted, entry.getKey(), entry.getValue()[2]);
            double position = 0.5 * (n - 1);
            // percentile_cont: first + (second - first) * (position - floor(position))
            medians.put(entry.getKey(), first + (second - first) * (position - Math.floor(position)));
        }
        return medians;
    }

    /** The bucket holding {@code rank} and the rank within that bucket. */
    private static double[] locate(TreeMap<Double, Long> histogram, long rank) {
        long before = 0;
        for (var bucket : histogram.entrySet()) {
            if (rank < before + bucket.getValue()) {
                return new double[] { bucket.getKey(), rank - before };
            }
            before += bucket.getValue();
        }
        throw new IllegalStateException("rank " + rank + " beyond " + before + " values");
    }

    private static double valueAt(TreeMap<Double, Long> histogram, Map<Wanted, TreeMap<Double, Long>> sorted,
            List<Object> group, long rank) {
        double[] at = locate(histogram, rank);
        return locate(sorted.get(new Wanted(group, at[0])), (long) at[1])[0];
    }

    private static List<Object> group(ResultSet rs, int columns) throws SQLException {
        List<Object> key = new ArrayList<>(columns);
        for (int i = 1; i <= columns; i++) {
            key.add(rs.getObject(i));
        }
        return key;
    }

    private interface Row {
        void accept(ResultSet rs) throws SQLException;
    }

    private static void read(Connection c, Query q, Row row) throws SQLException {
        ReportSql.read(c, q.sql(), q.params(), rs -> {
            while (rs.next()) {
                row.accept(rs);
            }
        });
    }
}
