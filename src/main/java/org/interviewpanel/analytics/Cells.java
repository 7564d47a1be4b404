package org.interviewpanel.analytics;

import java.sql.Connection;
import java.sql.Date;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * How a report's scope splits between the rollups ({@link Rollups}) and the statistics rows: the weekly rollups give the
 * cells the scope takes whole — weeks wholly inside the period, the position and question set filtered as the report
 * is — the daily rollups the other days wholly inside the period (the partial weeks at either end), both except the
 * cells still marked for recomputation and the cells that hold a session withheld from the reader; the statistics rows
 * give the rest (the part of a day at either end of a period that starts or ends within one, those cells, rows with no
 * cell yet). A scope of one session, or of less than a whole day, reads the statistics rows only.
 * <p>
 * {@code from}–{@code to}: the whole weeks (Mondays, UTC; null: open), none when {@code from} is not before {@code to};
 * {@code dayFrom}–{@code dayTo}: the whole days (UTC; null: open), which hold the whole weeks.
 * <p>
 * Decided inside the report's snapshot ({@link ReportSql#inSnapshot}), so the marks, the rollup rows and the statistics
 * rows it reads agree.
 */
record Cells(boolean rollup, LocalDate from, LocalDate to, LocalDate dayFrom, LocalDate dayTo, String position,
        UUID questionSet, List<Cell> excluded) {

    /** Beyond this many cells left out, the statistics rows are read for the whole scope (a bulk load is under way). */
    static final int MAX_EXCLUDED = 200;

    record Cell(Date week, String position, UUID questionSet) {
    }

    private static final Cells NONE = new Cells(false, null, null, null, null, null, null, List.of());

    /** The split for {@code scope} over the statistics table {@code source} ({@link Rollups#ITEMS} or SEATS). */
    static Cells of(Connection c, ReportFilter scope, String source) throws SQLException {
        if (scope.session() != null) {
            return NONE;
        }
        LocalDate dayFrom = scope.from() == null ? null : firstWholeDay(scope.from());
        LocalDate dayTo = scope.to() == null ? null : dayOf(scope.to());
        if (dayFrom != null && dayTo != null && !dayFrom.isBefore(dayTo)) {
            return NONE;
        }
        LocalDate from = scope.from() == null ? null : firstWholeWeek(scope.from());
        LocalDate to = scope.to() == null ? null : weekOf(scope.to());
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder("select week, position, question_set_id from analytics.cell_dirty");
        if (scope.reader() != null) {
            // a session withheld from the reader: its cells as its statistics rows give them (where it is counted)
            sql.append(" union select x.week, x.position, x.question_set_id from analytics.panelist_fact w join analytics.")
                    .append(source).append(" x using (session_id) where w.username = ? and w.submitted_at is null ")
                    .append("and x.week is not null and x.position is not null and x.question_set_id is not null");
            params.add(scope.reader());
        }
        List<Cell> excluded = ReportSql.query(c, sql.toString(), params,
                rs -> new Cell(rs.getDate(1), rs.getString(2), rs.getObject(3, UUID.class))).stream()
                .filter(cell -> inScope(cell, dayFrom, dayTo, scope)).toList();
        if (excluded.size() > MAX_EXCLUDED) {
            return NONE;
        }
        return new Cells(true, from, to, dayFrom, dayTo, scope.position(), scope.questionSet(), excluded);
    }

    /** Whether the scope takes a week whole (read from the weekly rollups). */
    boolean weeks() {
        return rollup && (from == null || to == null || from.isBefore(to));
    }

    /** Whether the scope takes whole days outside its whole weeks (read from the daily rollups). */
    boolean days() {
        if (!rollup) {
            return false;
        }
        if (!weeks()) {
            return true;
        }
        return (from != null && (dayFrom == null || dayFrom.isBefore(from)))
                || (to != null && (dayTo == null || to.isBefore(dayTo)));
    }

    /** The condition on rollup rows {@code alias}: the cells taken whole (parameters appended). */
    String whole(String alias, List<Object> params) {
        StringBuilder sql = new StringBuilder("true");
        if (from != null) {
            sql.append(" and ").append(alias).append(".week >= ?");
            params.add(Date.valueOf(from));
        }
        if (to != null) {
            sql.append(" and ").append(alias).append(".week < ?");
            params.add(Date.valueOf(to));
        }
        return sql.append(cellConditions(alias, params)).toString();
    }

    /** The position and question set filtered, and not a cell left out (parameters appended). */
    private String cellConditions(String alias, List<Object> params) {
        StringBuilder sql = new StringBuilder();
        if (position != null) {
            sql.append(" and ").append(alias).append(".position = ?");
            params.add(position);
        }
        if (questionSet != null) {
            sql.append(" and ").append(alias).append(".question_set_id = ?");
            params.add(questionSet);
        }
        for (Cell cell : excluded) {
            sql.append(" and not ").append(cell(alias, cell, params));
        }
        return sql.toString();
    }

    /**
     * The condition on daily rollup rows {@code alias}: the days taken whole outside the whole weeks, in the cells
     * taken whole (parameters appended). Only when {@link #days()}.
     */
    String wholeDays(String alias, List<Object> params) {
        StringBuilder sql = new StringBuilder("true");
        // the week first, as the table's key leads with it; then the days
        if (dayFrom != null) {
            sql.append(" and ").append(alias).append(".week >= ? and ").append(alias).append(".day >= ?");
            params.add(Date.valueOf(weekOf(dayFrom)));
            params.add(Date.valueOf(dayFrom));
        }
        if (dayTo != null) {
            sql.append(" and ").append(alias).append(".week < ? and ").append(alias).append(".day < ?");
            params.add(Date.valueOf(dayTo));
            params.add(Date.valueOf(dayTo));
        }
        if (weeks()) { // not a week the weekly rollups give (weeks() with both ends open leaves no day: not called)
            sql.append(" and (false");
            if (from != null) {
                sql.append(" or ").append(alias).append(".week < ?");
                params.add(Date.valueOf(from));
            }
            if (to != null) {
                sql.append(" or ").append(alias).append(".week >= ?");
                params.add(Date.valueOf(to));
            }
            sql.append(")");
        }
        return sql.append(cellConditions(alias, params)).toString();
    }

    /** The condition on statistics rows {@code alias}: not in a day or week taken whole (parameters appended). */
    String rest(String alias, List<Object> params) {
        StringBuilder sql = new StringBuilder("(").append(alias).append(".week is null or ").append(alias)
                .append(".position is null or ").append(alias).append(".question_set_id is null");
        // by the reference time the week and day come from: an index range each for the partial days at the edges
        if (dayFrom != null) {
            sql.append(" or ").append(alias).append(".ref_time < ?");
            params.add(Timestamp.from(dayFrom.atStartOfDay(ZoneOffset.UTC).toInstant()));
        }
        if (dayTo != null) {
            sql.append(" or ").append(alias).append(".ref_time >= ?");
            params.add(Timestamp.from(dayTo.atStartOfDay(ZoneOffset.UTC).toInstant()));
        }
        for (Cell cell : excluded) {
            sql.append(" or ").append(cell(alias, cell, params));
        }
        return sql.append(")").toString();
    }

    private static String cell(String alias, Cell cell, List<Object> params) {
        params.add(cell.week());
        params.add(cell.position());
        params.add(cell.questionSet());
        return "(" + alias + ".week = ? and " + alias + ".position = ? and " + alias + ".question_set_id = ?)";
    }

    /** A cell with a day taken whole: its week holds a day in [{@code dayFrom}, {@code dayTo}). */
    private static boolean inScope(Cell cell, LocalDate dayFrom, LocalDate dayTo, ReportFilter scope) {
        LocalDate week = cell.week().toLocalDate();
        return (dayFrom == null || !week.isBefore(weekOf(dayFrom))) && (dayTo == null || week.isBefore(dayTo))
                && (scope.position() == null || scope.position().equals(cell.position()))
                && (scope.questionSet() == null || scope.questionSet().equals(cell.questionSet()));
    }

    /** The first day (UTC) that starts at or after {@code t}. */
    static LocalDate firstWholeDay(Instant t) {
        LocalDate day = dayOf(t);
        return day.atStartOfDay(ZoneOffset.UTC).toInstant().equals(t) ? day : day.plusDays(1);
    }

    /** The day (UTC) that {@code t} falls in. */
    static LocalDate dayOf(Instant t) {
        return t.atZone(ZoneOffset.UTC).toLocalDate();
    }

    /** The first week (its Monday, UTC) that starts at or after {@code t}. */
    static LocalDate firstWholeWeek(Instant t) {
        LocalDate monday = weekOf(t);
        return monday.atStartOfDay(ZoneOffset.UTC).toInstant().equals(t) ? monday : monday.plusWeeks(1);
    }

    /** The week (its Monday, UTC) that {@code t} falls in. */
    static LocalDate weekOf(Instant t) {
        return weekOf(dayOf(t));
    }

    /** The week (its Monday) of a day. */
    static LocalDate weekOf(LocalDate day) {
        return day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    }
}
