package org.interviewpanel.analytics;

import java.sql.Array;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The weekly and daily rollups of the per-session statistics ({@link SessionStats}): for each cell (week, position,
 * question set) and key (question, interviewer, panel size, median bucket), the same aggregates a report computes over
 * its scope, once for the whole week ({@code <name>_week}) and once for each of its days ({@code <name>_day}, days in
 * UTC as weeks are). A report reads a scope as the week rows of the weeks it takes whole, the day rows of the other days
 * it takes whole, and the statistics rows of the rest ({@link Cells}), and combines them (sum, min, max), so every number
 * is the one it would compute from the statistics rows alone.
 * <p>
 * When a session's statistics are computed again, the cells it left and the cells it is in are marked
 * ({@code analytics.cell_dirty}, in that transaction); {@link #refreshDirty} computes the marked cells' week and day rows
 * again from their statistics rows and removes the marks, in the refresher's transaction, a bounded number of cells per
 * pass. A marked cell is read from the statistics rows until then, so a report never counts a rollup row that differs
 * from the rows it sums.
 */
final class Rollups {

    /**
     * One rollup column: its aggregate over statistics rows {@code s} for a cell's rollup row, and for the rest of a
     * scope ({@code rest}: usually the same). A report combines the scoped rows per key by summing each column, or with
     * min or max where the aggregate is one.
     */
    record Column(String name, String aggregate, String rest) {
        Column(String name, String aggregate) {
            this(name, aggregate, aggregate);
        }

        static Column sum(String name, String aggregate) {
            return new Column(name, aggregate);
        }
    }

    /**
     * A key column: its name in the rollup table and its expression over statistics rows {@code s}. A key named after a
     * cell column ({@code week}, {@code position}) is that column in the rollup table: the cell's value.
     */
    record Key(String name, String expression) {
        boolean ofCell() {
            return name.equals("week") || name.equals("position") || name.equals("question_set_id");
        }
    }

    /**
     * A rollup table over a statistics table: the rows it sums ({@code condition} on {@code s}), its keys and columns;
     * {@code own} selects its rows in a table that holds several rollups ({@code r.measure = ...}), else {@code true}.
     */
    record Rollup(String table, String source, String condition, String own, List<Key> keys, List<Column> columns) {

        /** The daily rollup beside the weekly {@link #table}: the same rows per day of a cell. */
        String dayTable() {
            return table.substring(0, table.length() - "_week".length()) + "_day";
        }

        /**
         * Computes the given cells' week and day rows again from the statistics rows: one read of the rows, grouped
         * both ways (grouping sets), written to both tables in one statement.
         */
        void recompute(Connection c, Array weeks, Array positions, Array sets) throws SQLException {
            String cells = "unnest(?::date[], ?::text[], ?::uuid[]) as d(week, position, question_set_id)";
            for (String into : List.of(table, dayTable())) {
                try (PreparedStatement ps = c.prepareStatement("delete from analytics." + into + " r using " + cells
                        + " where r.week = d.week and r.position = d.position and r.question_set_id = d.question_set_id "
                        + "and " + own)) {
                    bindCells(ps, weeks, positions, sets);
                    ps.executeUpdate();
                }
            }
            List<Key> own = keys.stream().filter(k -> !k.ofCell()).toList();
            String cell = "s.week, s.position, s.question_set_id";
            // a constant key (a median rollup's measure) is the same in every row, and PostgreSQL groups by none
            String ownExpressions = own.stream().filter(k -> !k.expression().startsWith("'"))
                    .map(k -> ", " + k.expression()).collect(Collectors.joining());
            String ownNames = own.stream().map(k -> ", " + k.name()).collect(Collectors.joining());
            String names = columns.stream().map(Column::name).collect(Collectors.joining(", "));
            try (PreparedStatement ps = c.prepareStatement("with g as (select " + cell + ", " + DAY + " as day, "
                    + "grouping(" + DAY + ") as whole_week"
                    + own.stream().map(k -> ", " + k.expression() + " as " + k.name()).collect(Collectors.joining())
                    + ", " + columns.stream().map(col -> col.aggregate() + " as " + col.name())
                            .collect(Collectors.joining(", "))
                    + " from analytics." + source + " s join " + cells + " on s.week = d.week and s.position = d.position "
                    + "and s.question_set_id = d.question_set_id where " + condition + " group by grouping sets (("
                    + cell + ownExpressions + "), (" + cell + ", " + DAY + ownExpressions + "))), "
                    + "w as (insert into analytics." + table + " (week, position, question_set_id" + ownNames + ", "
                    + names + ") select week, position, question_set_id" + ownNames + ", " + names
                    + " from g where whole_week = 1) "
                    + "insert into analytics." + dayTable() + " (week, position, question_set_id, day" + ownNames + ", "
                    + names + ") select week, position, question_set_id, day" + ownNames + ", " + names
                    + " from g where whole_week = 0")) {
                bindCells(ps, weeks, positions, sets);
                ps.executeUpdate();
            }
        }

        /**
         * The scope as rows of (keys, columns): the week rows of the weeks {@code cells} takes whole, the day rows of
         * the other days it takes whole, then the statistics rows of the rest grouped by key; {@code where} is the
         * report's condition on {@code s} (its parameters in {@code whereParams}). The report combines the rows per key
         * (sum, min, max).
         */
        String scoped(Cells cells, String where, List<Object> whereParams, List<Object> params) {
            StringBuilder keyNames = new StringBuilder("1");
            for (int i = 2; i <= keys.size(); i++) {
                keyNames.append(", ").append(i);
            }
            String rows = "select " + keys.stream().map(k -> k.expression() + " as " + k.name())
                    .collect(Collectors.joining(", ")) + ", "
                    + columns.stream().map(col -> col.rest() + " as " + col.name()).collect(Collectors.joining(", "))
                    + " from analytics." + source + " s where " + condition + " and " + where;
            if (!cells.rollup()) {
                params.addAll(whereParams);
                return rows + " group by " + keyNames;
            }
            String select = "select " + keys.stream().map(k -> "r." + k.name()).collect(Collectors.joining(", "))
                    + ", " + columns.stream().map(col -> "r." + col.name()).collect(Collectors.joining(", "))
                    + " from analytics.";
            StringBuilder whole = new StringBuilder();
            if (cells.weeks()) {
                whole.append(select).append(table).append(" r where ").append(own).append(" and ")
                        .append(cells.whole("r", params)).append(" union all ");
            }
            if (cells.days()) {
                whole.append(select).append(dayTable()).append(" r where ").append(own).append(" and ")
                        .append(cells.wholeDays("r", params)).append(" union all ");
            }
            params.addAll(whereParams);
            return whole + rows + " and " + cells.rest("s", params) + " group by " + keyNames;
        }

    }

    /** The day (UTC) of a statistics row {@code s}: its reference time's, as its week is ({@link SessionStats#WEEK}). */
    static final String DAY = "(s.ref_time at time zone 'UTC')::date";

    static final String ITEMS = "item_stat";
    static final String SEATS = "panelist_stat";
    static final String SESSIONS = "session_stat";

    /** The pipeline report's group: position (unknown when not yet known) and week; a cell's are its own. */
    private static final List<Key> PIPELINE_GROUP = List.of(new Key("position", "coalesce(s.position, '(unknown)')"),
            new Key("week", "s.week"));

    /** Per position and week: the pipeline report's counts. */
    static final Rollup PIPELINE = new Rollup("pipeline_week", SESSIONS, "true", "true", PIPELINE_GROUP,
            List.of(Column.sum("sessions", "count(*)"),
                    Column.sum("ended", "count(*) filter (where s.ended)"),
                    Column.sum("cancelled", "count(*) filter (where s.cancelled)"),
                    Column.sum("decided", "count(*) filter (where s.decision is not null)"),
                    Column.sum("hire", "count(*) filter (where s.decision = 'HIRE')"),
                    Column.sum("no_hire", "count(*) filter (where s.decision = 'NO_HIRE')"),
                    Column.sum("hold", "count(*) filter (where s.decision = 'HOLD')"),
                    // a cell's own median: the group's when the group is that one cell, whole (else null: see
                    // PipelineReport)
                    new Column("decide_median", "percentile_cont(0.5) within group (order by s.decide_hours)",
                            "null::float8")));

    /** Unit-wide bucket counts of the hours from a session's end to its decision, per position and week. */
    static final Rollup DECISION = new Rollup("median_week", SESSIONS, "s.decide_hours is not null",
            "r.measure = 'decision'", List.of(new Key("measure", "'decision'"), new Key("grp", "''"),
                    PIPELINE_GROUP.get(0), PIPELINE_GROUP.get(1), new Key("bucket", "floor(s.decide_hours)")),
            median("s.decide_hours"));

    private static final String DECIDED = "s.decision in ('HIRE', 'NO_HIRE') and s.n > 0";

    /** Per question: the questions report's sums. */
    static final Rollup QUESTIONS = new Rollup("question_week", ITEMS, "s.question_key is not null", "true",
            List.of(new Key("question_key", "s.question_key")),
            List.of(new Column("category_min", "min(s.category)"),
                    new Column("text_max", "max(s.question_text)"),
                    Column.sum("asked", "count(*) filter (where s.asked)"),
                    Column.sum("n", "sum(s.n)"),
                    Column.sum("total", "sum(s.total)"),
                    Column.sum("sumsq", "sum(s.sumsq)"),
                    Column.sum("hire_items", "count(*) filter (where s.decision = 'HIRE' and s.n > 0)"),
                    Column.sum("hire_means", "sum(s.total::float8 / s.n) filter (where s.decision = 'HIRE' and s.n > 0)"),
                    Column.sum("no_hire_items", "count(*) filter (where s.decision = 'NO_HIRE' and s.n > 0)"),
                    Column.sum("no_hire_means",
                            "sum(s.total::float8 / s.n) filter (where s.decision = 'NO_HIRE' and s.n > 0)"),
                    Column.sum("decided_sq", "sum((s.total::float8 / s.n) ^ 2) filter (where " + DECIDED + ")"),
                    new Column("decided_min", "min(s.total::float8 / s.n) filter (where " + DECIDED + ")"),
                    new Column("decided_max", "max(s.total::float8 / s.n) filter (where " + DECIDED + ")")));

    /** Per interviewer: the interviewers report's sums (and the raters of the reliability report). */
    static final Rollup INTERVIEWERS = new Rollup("interviewer_week", SEATS, "true", "true",
            List.of(new Key("username", "s.username")),
            List.of(Column.sum("seats", "count(*) filter (where s.seat)"),
                    Column.sum("given_n", "sum(s.given_n)"),
                    Column.sum("given_sum", "sum(s.given_sum)"),
                    Column.sum("lenient_scaled", "sum(s.lenient_scaled)"),
                    Column.sum("lenient_n", "sum(s.lenient_n)"),
                    Column.sum("strong_no", "count(*) filter (where s.seat and s.recommendation = 'STRONG_NO')"),
                    Column.sum("no", "count(*) filter (where s.seat and s.recommendation = 'NO')"),
                    Column.sum("yes", "count(*) filter (where s.seat and s.recommendation = 'YES')"),
                    Column.sum("strong_yes", "count(*) filter (where s.seat and s.recommendation = 'STRONG_YES')"),
                    Column.sum("ended", "count(*) filter (where s.seat and s.ended)"),
                    Column.sum("submitted", "count(*) filter (where s.seat and s.submitted and s.ended)")));

    /** Per number of ratings on an item (two or more): the counts of each rating and their products, for alpha. */
    static final Rollup AGREEMENT = agreement();

    /** Unit-wide bucket counts of the minutes spent per question. */
    static final Rollup MINUTES = median("minutes", ITEMS, "s.question_key", "s.spent_minutes",
            "s.question_key is not null");

    /** Unit-wide bucket counts of the scorecard delay per interviewer (panel seats). */
    static final Rollup DELAY = median("delay", SEATS, "s.username", "s.delay_minutes", "s.seat");

    static final List<Rollup> ALL = List.of(PIPELINE, DECISION, QUESTIONS, INTERVIEWERS, AGREEMENT, MINUTES, DELAY);

    private Rollups() {
    }

    /** Every rollup table, weekly and daily, as a list for a statement ({@code analytics.pipeline_week, ...}). */
    static String tables() {
        return ALL.stream().flatMap(r -> Stream.of(r.table(), r.dayTable())).distinct()
                .map(t -> "analytics." + t).collect(Collectors.joining(", "));
    }

    private static Rollup agreement() {
        List<Column> columns = new ArrayList<>();
        columns.add(Column.sum("items", "count(*)"));
        for (int v = 1; v <= 5; v++) {
            columns.add(Column.sum("c" + v, "sum(s.c" + v + ")"));
        }
        for (int v = 1; v <= 5; v++) {
            for (int w = v; w <= 5; w++) {
                columns.add(Column.sum("p" + v + w, "sum(s.c" + v + " * s.c" + w + ")"));
            }
        }
        return new Rollup("agreement_week", ITEMS, "s.n >= 2", "true", List.of(new Key("n", "s.n")), columns);
    }

    private static Rollup median(String measure, String source, String group, String value, String condition) {
        return new Rollup("median_week", source, condition + " and " + value + " is not null",
                "r.measure = '" + measure + "'",
                List.of(new Key("measure", "'" + measure + "'"), new Key("grp", group),
                        new Key("bucket", "floor(" + value + ")")),
                median(value));
    }

    /** A median rollup's columns: how many values, the smallest and the largest (a bucket of one value needs no read). */
    private static List<Column> median(String value) {
        return List.of(Column.sum("n", "count(*)"), new Column("lo", "min(" + value + ")"),
                new Column("hi", "max(" + value + ")"));
    }

    /**
     * Computes up to {@code limit} marked cells (the latest weeks first) again from the statistics rows and removes
     * their marks, in the caller's transaction (the caller holds the refresher's lock and commits); returns how many
     * cells. A bounded pass keeps the lock's hold short however large the cells grow. Cells another transaction is
     * computing are skipped, so two passes under the same lock take different cells.
     */
    static int refreshDirty(Connection c, int limit) throws SQLException {
        List<Date> weeks = new ArrayList<>();
        List<String> positions = new ArrayList<>();
        List<UUID> sets = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("delete from analytics.cell_dirty d using (select week, position, "
                + "question_set_id from analytics.cell_dirty order by week desc, position, question_set_id limit ? "
                + "for update skip locked) t "
                + "where d.week = t.week and d.position = t.position and d.question_set_id = t.question_set_id "
                + "returning d.week, d.position, d.question_set_id")) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    weeks.add(rs.getDate(1));
                    positions.add(rs.getString(2));
                    sets.add(rs.getObject(3, UUID.class));
                }
            }
        }
        if (weeks.isEmpty()) {
            return 0;
        }
        Array w = c.createArrayOf("date", weeks.toArray());
        Array p = c.createArrayOf("text", positions.toArray());
        Array s = c.createArrayOf("uuid", sets.toArray());
        for (Rollup rollup : ALL) {
            rollup.recompute(c, w, p, s);
        }
        return weeks.size();
    }

    private static void bindCells(PreparedStatement ps, Array weeks, Array positions, Array sets) throws SQLException {
        ps.setArray(1, weeks);
        ps.setArray(2, positions);
        ps.setArray(3, sets);
    }
}
