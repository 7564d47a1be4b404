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
 * How a report's scope splits between the weekly rollups ({@link Rollups}) and the statistics rows: the rollups give the
 * cells the scope takes whole — weeks wholly inside the period, the position and question set filtered as the report
 * is — except the cells still marked for recomputation and the cells that hold a session withheld from the reader; the
 * statistics rows give the rest (the period's partial weeks at either end, those cells, rows with no cell yet). A scope
 * of one session, or of less than a week, reads the statistics rows only.
 * <p>
 * Decided inside the report's snapshot ({@link ReportSql#inSnapshot}), so the marks, the rollup rows and the statistics
 * rows it reads agree.
 */
record Cells(boolean rollup, LocalDate from, LocalDate to, String position, UUID questionSet, List<Cell> excluded) {

    /** Beyond this many cells left out, the statistics rows are read for the whole scope (a bulk load is under way). */
    static final int MAX_EXCLUDED = 200;

    record Cell(Date week, String position, UUID questionSet) {
    }

    private static final Cells NONE = new Cells(false, null, null, null, null, List.of());

    /** The split for {@code scope} over the statistics table {@code source} ({@link Rollups#ITEMS} or SEATS). */
    static Cells of(Connection c, ReportFilter scope, String source) throws SQLException {
        if (scope.session() != null) {
            return NONE;
        }
        LocalDate from = scope.from() == null ? null : firstWholeWeek(scope.from());
        LocalDate to = scope.to() == null ? null : weekOf(scope.to());
        if (from != null && to != null && !from.isBefore(to)) {
            return NONE;
        }
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
                .filter(cell -> inScope(cell, from, to, scope)).toList();
        if (excluded.size() > MAX_EXCLUDED) {
            return NONE;
        }
        return new Cells(true, from, to, scope.position(), scope.questionSet(), excluded);
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

    /** The condition on statistics rows {@code alias}: not in a cell taken whole (parameters appended). */
    String rest(String alias, List<Object> params) {
        StringBuilder sql = new StringBuilder("(").append(alias).append(".week is null or ").append(alias)
                .append(".position is null or ").append(alias).append(".question_set_id is null");
        // by the reference time the week comes from: an index range each for the partial weeks at the edges
        if (from != null) {
            sql.append(" or ").append(alias).append(".ref_time < ?");
            params.add(Timestamp.from(from.atStartOfDay(ZoneOffset.UTC).toInstant()));
        }
        if (to != null) {
            sql.append(" or ").append(alias).append(".ref_time >= ?");
            params.add(Timestamp.from(to.atStartOfDay(ZoneOffset.UTC).toInstant()));
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

    private static boolean inScope(Cell cell, LocalDate from, LocalDate to, ReportFilter scope) {
        LocalDate week = cell.week().toLocalDate();
        return (from == null || !week.isBefore(from)) && (to == null || week.isBefore(to))
                && (scope.position() == null || scope.position().equals(cell.position()))
                && (scope.questionSet() == null || scope.questionSet().equals(cell.questionSet()));
    }

    /** The first week (its Monday, UTC) that starts at or after {@code t}. */
    static LocalDate firstWholeWeek(Instant t) {
        LocalDate monday = weekOf(t);
        return monday.atStartOfDay(ZoneOffset.UTC).toInstant().equals(t) ? monday : monday.plusWeeks(1);
    }

    /** The week (its Monday, UTC) that {@code t} falls in. */
    static LocalDate weekOf(Instant t) {
        return t.atZone(ZoneOffset.UTC).toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    }
}
