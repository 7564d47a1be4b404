package org.interviewpanel.analytics;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.interviewpanel.kernel.Instants;
import org.interviewpanel.kernel.Problem;
import org.interviewpanel.kernel.ProblemException;
import org.interviewpanel.kernel.ProblemType;

/**
 * The filters every report takes: period ({@code from} inclusive, {@code to} exclusive; a date or an instant), position,
 * question set and session. A session counts for the period by the time it was scheduled for.
 * <p>
 * {@code reader} is who reads the report. Independent scoring holds here too: a session where the reader sits on the
 * panel and has not submitted a scorecard is left out of every number they get (and named as withheld), since its
 * colleagues' ratings would show through. Null only for the application itself (benchmarks, the rebuild).
 */
public record ReportFilter(Instant from, Instant to, String position, UUID questionSet, UUID session, String reader) {

    public static ReportFilter parse(String from, String to, String position, String questionSet, String session,
            String reader) {
        List<Problem.FieldError> errors = new ArrayList<>();
        Instant f = time(from, "from", false, errors);
        Instant t = time(to, "to", true, errors);
        UUID set = uuid(questionSet, "questionSet", errors);
        UUID s = uuid(session, "session", errors);
        if (f != null && t != null && !f.isBefore(t)) {
            errors.add(new Problem.FieldError("to", "must be after from"));
        }
        if (position != null && position.length() > 200) {
            errors.add(new Problem.FieldError("position", "at most 200 characters"));
        } else if (position != null && position.indexOf('\u0000') >= 0) {
            errors.add(new Problem.FieldError("position", "must not contain a NUL character"));
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(ProblemType.VALIDATION, errors.get(0).field() + ": " + errors.get(0).message(),
                    errors);
        }
        return new ReportFilter(f, t, position == null || position.isBlank() ? null : position.strip(), set, s, reader);
    }

    /** The same filter for everything in scope, as the application itself sees it. */
    public static ReportFilter everything() {
        return new ReportFilter(null, null, null, null, null, null);
    }

    /** The same filter without the reader: for a reader who has no session withheld in scope, the same sessions. */
    ReportFilter withoutReader() {
        return new ReportFilter(from, to, position, questionSet, session, null);
    }

    static final String PENDING_SEAT = "exists (select 1 from analytics.panelist_fact w where w.session_id = s.session_id "
            + "and w.username = ? and w.submitted_at is null)";

    /**
     * The SQL condition on {@code s}: {@code analytics.session_fact}, or a statistics table that carries its columns
     * ({@link ReportSql#stats}), with its parameters appended to {@code params}: the
     * filters, less the sessions withheld from the reader.
     */
    String where(List<Object> params) {
        StringBuilder sql = new StringBuilder(scope(params));
        if (reader != null) {
            sql.append(" and not ").append(PENDING_SEAT);
            params.add(reader);
        }
        return sql.toString();
    }

    /** The sessions in scope that are withheld from the reader (they sit on its panel and have not submitted). */
    String withheld(List<Object> params) {
        String sql = scope(params) + " and " + PENDING_SEAT;
        params.add(reader);
        return sql;
    }

    private String scope(List<Object> params) {
        StringBuilder sql = new StringBuilder("true");
        if (from != null) {
            sql.append(" and s.ref_time >= ?");
            params.add(java.sql.Timestamp.from(from));
        }
        if (to != null) {
            sql.append(" and s.ref_time < ?");
            params.add(java.sql.Timestamp.from(to));
        }
        if (position != null) {
            sql.append(" and s.position = ?");
            params.add(position);
        }
        if (questionSet != null) {
            sql.append(" and s.question_set_id = ?");
            params.add(questionSet);
        }
        if (session != null) {
            sql.append(" and s.session_id = ?");
            params.add(session);
        }
        return sql.toString();
    }

    private static Instant time(String text, String field, boolean endOfDay, List<Problem.FieldError> errors) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            Instant instant;
            if (text.length() == 10) {
                LocalDate day = LocalDate.parse(text);
                instant = (endOfDay ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
            } else {
                instant = Instant.parse(text);
            }
            if (!Instants.inRange(instant)) {
                errors.add(new Problem.FieldError(field, Instants.RANGE));
                return null;
            }
            return instant;
        } catch (DateTimeParseException e) {
            errors.add(new Problem.FieldError(field, "a date (2026-11-01) or an instant (2026-11-01T09:00:00Z)"));
            return null;
        }
    }

    private static UUID uuid(String text, String field, List<Problem.FieldError> errors) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(text.strip());
        } catch (IllegalArgumentException e) {
            errors.add(new Problem.FieldError(field, "must be a UUID"));
            return null;
        }
    }
}
