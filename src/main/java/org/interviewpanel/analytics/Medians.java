package org.interviewpanel.analytics;

import java.sql.Connection;
import java.sql.PreparedStatement;
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
 * values are counted per group and unit-wide bucket ({@code floor(value)}), which needs no sort; the buckets that hold
 * the middle ranks are found from the counts; only the values of those buckets are read, sorted, and the middle one (or
 * the mean of the middle two) taken, with {@code percentile_cont}'s interpolation. Both reads run in one snapshot.
 */
final class Medians {

    /**
     * Interviewer, question or any group named by one text column: the medians of {@code value} per {@code group} over
     * {@code from} (tables) and {@code where} (condition, with its parameters).
     */
    static Map<String, Double> byText(ReportSql sql, String group, String value, String from, String where,
            List<Object> params) {
        String scope = " where " + value + " is not null and " + where;
        Query counts = new Query("select " + group + ", floor(" + value + "), count(*) from " + from + scope
                + " group by 1, 2", params);
        Map<List<Object>, Double> medians = of(sql, 1, counts, wanted -> {
            List<Object> p = new ArrayList<>();
            p.add(new SqlArray("text", wanted.stream().map(w -> w.group().get(0)).toArray()));
            p.add(new SqlArray("float8", wanted.stream().map(w -> w.bucket()).toArray()));
            p.addAll(params);
            return new Query("select " + group + ", floor(" + value + "), " + value + " from " + from
                    + " join unnest(?, ?) as wanted(g, b) on " + group + " = wanted.g and floor(" + value
                    + ") = wanted.b" + scope, p);
        });
        Map<String, Double> out = new HashMap<>();
        medians.forEach((k, v) -> out.put((String) k.get(0), v));
        return out;
    }

    /** A query and its parameters. */
    record Query(String sql, List<Object> params) {
    }

    /** An array parameter: its PostgreSQL element type and values. */
    record SqlArray(String type, Object[] values) {
    }

    /** A group's bucket whose values are needed. */
    record Wanted(List<Object> group, double bucket) {
    }

    private Medians() {
    }

    /**
     * @param groupColumns how many leading columns name the group in both queries
     * @param counts rows of (group columns, bucket, count) over the values in scope (nulls left out)
     * @param values given the buckets wanted, a query for rows of (group columns, bucket, value) over the same scope,
     *        restricted to those buckets
     * @return the median of each group that has a value
     */
    static Map<List<Object>, Double> of(ReportSql sql, int groupColumns, Query counts,
            Function<List<Wanted>, Query> values) {
        return sql.inSnapshot(c -> {
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
            Map<Wanted, List<Double>> sorted = new HashMap<>();
            read(c, values.apply(new ArrayList<>(needed.keySet())), rs -> sorted
                    .computeIfAbsent(new Wanted(group(rs, groupColumns), rs.getDouble(groupColumns + 1)),
                            w -> new ArrayList<>())
                    .add(rs.getDouble(groupColumns + 2)));

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
        });
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

    private static double valueAt(TreeMap<Double, Long> histogram, Map<Wanted, List<Double>> sorted, List<Object> group,
            long rank) {
        double[] at = locate(histogram, rank);
        List<Double> bucket = sorted.get(new Wanted(group, at[0]));
        bucket.sort(null);
        return bucket.get((int) at[1]);
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
        try (PreparedStatement ps = c.prepareStatement(q.sql())) {
            ps.setFetchSize(10_000);
            for (int i = 0; i < q.params().size(); i++) {
                Object p = q.params().get(i);
                ps.setObject(i + 1, p instanceof SqlArray a ? c.createArrayOf(a.type(), a.values()) : p);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    row.accept(rs);
                }
            }
        }
    }
}
