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
 * those counts); the buckets that hold the middle ranks are found from the counts; only the values of those buckets are
 * read, counted per distinct value, and the middle one (or the mean of the middle two) taken, with
 * {@code percentile_cont}'s interpolation. Both reads run on the caller's connection, in its snapshot.
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
        String group = rollup.keys().get(1).expression();
        String bucket = rollup.keys().get(2).expression();
        String value = bucket.substring("floor(".length(), bucket.length() - 1);
        List<Object> countParams = new ArrayList<>();
        Query counts = new Query("select x.grp, x.bucket, x.n from (" + rollup.scoped(cells, where, whereParams,
                countParams) + ") x", countParams);
        Map<List<Object>, Double> medians = of(c, 1, counts, wanted -> {
            List<Object> p = new ArrayList<>();
            p.add(new ReportSql.SqlArray("text", wanted.stream().map(w -> w.group().get(0)).toArray()));
            p.add(new ReportSql.SqlArray("float8", wanted.stream().map(w -> w.bucket()).toArray()));
            p.addAll(whereParams);
            return new Query("select " + group + ", " + bucket + ", " + value + " from analytics." + rollup.source()
                    + " s join unnest(?, ?) as wanted(g, b) on " + group + " = wanted.g and " + bucket
                    + " = wanted.b where " + rollup.condition() + " and " + where, p);
        });
        Map<String, Double> out = new HashMap<>();
        medians.forEach((k, v) -> out.put((String) k.get(0), v));
        return out;
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
     * @param counts rows of (group columns, bucket, count) over the values in scope (nulls left out; a group's bucket
     *        may come in several rows, they add up)
     * @param values given the buckets wanted, a query for rows of (group columns, bucket, value) over the same scope,
     *        restricted to those buckets
     * @return the median of each group that has a value
     */
    static Map<List<Object>, Double> of(Connection c, int groupColumns, Query counts,
            Function<List<Wanted>, Query> values) throws SQLException {
        Map<List<Object>, TreeMap<Double, Long>> histograms = new HashMap<>();
        read(c, counts, rs -> histograms.computeIfAbsent(group(rs, groupColumns), g -> new TreeMap<>())
                .merge(rs.getDouble(groupColumns + 1), rs.getLong(groupColumns + 2), Long::sum));

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
                needed.merge(w, 1L, Long::sum);
            }
        }
        if (needed.isEmpty()) {
            return Map.of();
        }
        Map<Wanted, TreeMap<Double, Long>> sorted = new HashMap<>();
        read(c, values.apply(new ArrayList<>(needed.keySet())), rs -> sorted
                .computeIfAbsent(new Wanted(group(rs, groupColumns), rs.getDouble(groupColumns + 1)),
                        w -> new TreeMap<>())
                .merge(rs.getDouble(groupColumns + 2), 1L, Long::sum));

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
