package org.interviewpanel.analytics;

import java.lang.reflect.RecordComponent;
import java.util.List;

/**
 * Rows (records) as RFC 4180 CSV with a header of the record's field names, the same names as in the JSON. Cells that a
 * spreadsheet would run as a formula ({@code = + - @}, tab, carriage return) get a leading apostrophe.
 */
final class Csv {

    private Csv() {
    }

    static String of(Class<? extends Record> type, List<? extends Record> rows) {
        RecordComponent[] components = type.getRecordComponents();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < components.length; i++) {
            out.append(i == 0 ? "" : ",").append(components[i].getName());
        }
        out.append("\r\n");
        for (Record row : rows) {
            for (int i = 0; i < components.length; i++) {
                Object value;
                try {
                    value = components[i].getAccessor().invoke(row);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
                out.append(i == 0 ? "" : ",").append(cell(value));
            }
            out.append("\r\n");
        }
        return out.toString();
    }

    static String cell(Object value) {
        if (value == null) {
            return "";
        }
        String text = value.toString();
        if (value instanceof String && !text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            text = "'" + text;
        }
        if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
            text = "\"" + text.replace("\"", "\"\"") + "\"";
        }
        return text;
    }
}
