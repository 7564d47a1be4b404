package org.interviewpanel.session;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.persistence.Transient;

/**
 * An {@code interview_session} row read by plain JDBC into a detached {@link InterviewSession}, for the lead's advance
 * outside JTA and Hibernate ({@link SessionLifecycle#advance}). Every persistent field is read, by the column name the
 * configured naming strategy gives it (camelCase to snake_case), so a field added to the entity is read here with no
 * change; a field of a type this does not know fails the first read. {@code SessionRowsTest} reads a stored session
 * both ways and compares every field.
 */
final class SessionRows {

    /**
     * The entity's persistent fields: declared, neither static nor transient, nor added by bytecode enhancement (Panache
     * makes the public fields private behind accessors; Hibernate adds {@code $$_hibernate_} fields).
     */
    static final List<Field> FIELDS = Arrays.stream(InterviewSession.class.getDeclaredFields())
            .filter(f -> !Modifier.isStatic(f.getModifiers()) && !Modifier.isTransient(f.getModifiers())
                    && !f.isSynthetic() && !f.getName().startsWith("$") && !f.isAnnotationPresent(Transient.class))
            .map(SessionRows::accessible).toList();

    /** The session's columns over alias {@code s}, in the order {@link #read} takes them from the first column on. */
    static final String COLUMNS = FIELDS.stream().map(f -> "s." + column(f.getName()))
            .collect(Collectors.joining(", "));

    /** How many columns {@link #COLUMNS} selects: the caller's own columns follow. */
    static final int COUNT = FIELDS.size();

    private SessionRows() {
    }

    private static Field accessible(Field field) {
        field.setAccessible(true);
        return field;
    }

    /** The session in the current row, from its first column on. */
    static InterviewSession read(ResultSet rs) throws SQLException {
        InterviewSession session = new InterviewSession();
        for (int i = 0; i < FIELDS.size(); i++) {
            Field field = FIELDS.get(i);
            try {
                field.set(session, value(rs, i + 1, field.getType()));
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("cannot set InterviewSession." + field.getName(), e);
            }
        }
        return session;
    }

    /** A copy of a session's fields (arrays shared: the state machine replaces them, it never changes one). */
    static InterviewSession copy(InterviewSession source) {
        InterviewSession copy = new InterviewSession();
        for (Field field : FIELDS) {
            try {
                field.set(copy, field.get(source));
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("cannot copy InterviewSession." + field.getName(), e);
            }
        }
        return copy;
    }

    @SuppressWarnings({ "unchecked", "rawtypes" })
    private static Object value(ResultSet rs, int column, Class<?> type) throws SQLException {
        if (type == int.class) {
            return rs.getInt(column);
        }
        if (type == String.class || type == Integer.class || type == UUID.class) {
            return rs.getObject(column, type);
        }
        if (type == Instant.class) {
            OffsetDateTime at = rs.getObject(column, OffsetDateTime.class);
            return at == null ? null : at.toInstant();
        }
        if (type.isEnum()) {
            String name = rs.getString(column);
            return name == null ? null : Enum.valueOf((Class<? extends Enum>) type, name);
        }
        if (type == Integer[].class) {
            Array array = rs.getArray(column);
            return array == null ? new Integer[0] : (Integer[]) array.getArray();
        }
        throw new IllegalStateException("an interview_session column of type " + type.getName()
                + " is not read by SessionRows: add it");
    }

    /** The column Hibernate maps a field to: {@code candidateRef} → {@code candidate_ref}. */
    static String column(String field) {
        return field.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }
}
