package org.interviewpanel.kernel;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A statement written with numbered parameters ({@code ?1}, {@code ?2}, each usable several times, as in a JPA native
 * query), for plain JDBC, which takes them by position: the JDBC text, and which value goes to each placeholder.
 */
public final class NumberedSql {

    private static final Pattern NUMBERED = Pattern.compile("\\?(\\d+)");

    private final String jdbc;
    private final int[] order;

    private NumberedSql(String jdbc, int[] order) {
        this.jdbc = jdbc;
        this.order = order;
    }

    public static NumberedSql of(String sql) {
        Matcher m = NUMBERED.matcher(sql);
        List<Integer> order = new ArrayList<>();
        StringBuilder jdbc = new StringBuilder();
        while (m.find()) {
            order.add(Integer.parseInt(m.group(1)));
            m.appendReplacement(jdbc, "?");
        }
        m.appendTail(jdbc);
        return new NumberedSql(jdbc.toString(), order.stream().mapToInt(Integer::intValue).toArray());
    }

    /** The statement with a plain {@code ?} for each numbered parameter. */
    public String jdbc() {
        return jdbc;
    }

    /** Binds {@code values} ({@code values[0]} is {@code ?1}) to a statement prepared from {@link #jdbc()}. */
    public void bind(PreparedStatement statement, Object... values) throws SQLException {
        for (int i = 0; i < order.length; i++) {
            statement.setObject(i + 1, values[order[i] - 1]);
        }
    }
}
