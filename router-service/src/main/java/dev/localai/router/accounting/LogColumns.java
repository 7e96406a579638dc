package dev.localai.router.accounting;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * {@link LogRow}'s components as {@code request_log}'s columns: their snake_case names, the statements that
 * copy a batch in, a row as a line of {@code COPY}'s text format, and reading one back. Derived from the record once, so the record is the only
 * place a column is spelled out. {@code tags} is stored as one comma-separated text.
 */
final class LogColumns {

    private static final RecordComponent[] COMPONENTS = LogRow.class.getRecordComponents();
    private static final Constructor<LogRow> CONSTRUCTOR = constructor();
    private static final java.lang.reflect.Method[] ACCESSORS = Arrays.stream(COMPONENTS)
            .map(RecordComponent::getAccessor).toArray(java.lang.reflect.Method[]::new);

    /** The column names, in order. */
    static final List<String> NAMES = Arrays.stream(COMPONENTS).map(c -> snake(c.getName())).toList();
    static final String LIST = String.join(", ", NAMES);
    /** Where a batch is copied first: per session, emptied at each commit. */
    static final String STAGING = "create temp table if not exists request_log_in"
            + " (like request_log including defaults) on commit delete rows";
    static final String COPY = "copy request_log_in (" + LIST + ") from stdin";
    /** From the staging table into the log; a row already there (a batch retried after a lost commit) is skipped. */
    static final String MOVE = "insert into request_log (" + LIST + ") select " + LIST
            + " from request_log_in on conflict (id) do nothing";

    private LogColumns() {
    }

    /**
     * Appends {@code row} as one line of {@code COPY}'s text format: tab-separated, {@code \N} for null,
     * backslash, tab, newline and carriage return escaped. A NUL character, which PostgreSQL's text
     * cannot hold, becomes U+FFFD rather than failing the whole batch.
     */
    static void appendCopyLine(StringBuilder out, LogRow row) {
        try {
            for (int i = 0; i < COMPONENTS.length; i++) {
                if (i > 0) {
                    out.append('\t');
                }
                RecordComponent c = COMPONENTS[i];
                Object value = ACCESSORS[i].invoke(row);
                Class<?> type = c.getType();
                if (type == List.class) {
                    List<?> list = (List<?>) value;
                    value = list == null || list.isEmpty() ? null
                            : list.stream().map(String::valueOf).collect(Collectors.joining(","));
                } else if (type == BigDecimal.class) {
                    value = value == null ? "0" : ((BigDecimal) value).toPlainString();
                } else if (type == boolean.class) {
                    value = (Boolean) value ? "t" : "f";
                }
                if (value == null) {
                    out.append("\\N");
                } else {
                    escape(out, value.toString());          // Instant: ISO-8601 in UTC; UUID, numbers: as printed
                }
            }
            out.append('\n');
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("request_log row", e);
        }
    }

    private static void escape(StringBuilder out, String text) {
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            switch (ch) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\0' -> out.append('\uFFFD');
                default -> out.append(ch);
            }
        }
    }

    static LogRow read(ResultSet r) throws SQLException {
        Object[] values = new Object[COMPONENTS.length];
        for (int i = 0; i < COMPONENTS.length; i++) {
            String column = NAMES.get(i);
            Class<?> type = COMPONENTS[i].getType();
            if (type == UUID.class) {
                values[i] = r.getObject(column, UUID.class);
            } else if (type == Instant.class) {
                Timestamp ts = r.getTimestamp(column);
                values[i] = ts == null ? null : ts.toInstant();
            } else if (type == List.class) {
                String text = r.getString(column);
                values[i] = text == null || text.isEmpty() ? List.of() : List.of(text.split(","));
            } else if (type == boolean.class) {
                values[i] = r.getBoolean(column);
            } else if (type == int.class) {
                values[i] = r.getInt(column);
            } else if (type == double.class) {
                values[i] = r.getDouble(column);
            } else if (type == Double.class) {
                double d = r.getDouble(column);
                values[i] = r.wasNull() ? null : d;
            } else if (type == BigDecimal.class) {
                BigDecimal money = r.getBigDecimal(column);
                values[i] = money == null ? BigDecimal.ZERO : money.stripTrailingZeros();
            } else {
                values[i] = r.getString(column);
            }
        }
        try {
            return CONSTRUCTOR.newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("request_log row", e);
        }
    }

    private static Constructor<LogRow> constructor() {
        try {
            return LogRow.class.getDeclaredConstructor(Arrays.stream(COMPONENTS).map(RecordComponent::getType)
                    .toArray(Class<?>[]::new));
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    static String snake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }
}
