package dev.localai.router.accounting;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
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

/**
 * {@link LogRow}'s components as {@code request_log}'s columns: their snake_case names, the statements that
 * copy a batch in, a row as a line of {@code COPY}'s text format, and reading one back. Derived from the record once, so the record is the only
 * place a column is spelled out. {@code tags} is stored as one comma-separated text.
 */
final class LogColumns {

    private static final RecordComponent[] COMPONENTS = LogRow.class.getRecordComponents();
    private static final Constructor<LogRow> CONSTRUCTOR = constructor();
    /** The accessors as method handles typed {@code (LogRow) -> Object}: no reflective call per column and row. */
    private static final MethodHandle[] ACCESSORS = accessors();

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
     * Appends {@code row} as one line of {@code COPY}'s text format, in UTF-8: tab-separated, {@code \N} for
     * null, backslash, tab, newline and carriage return escaped. A NUL character, which PostgreSQL's text
     * cannot hold, becomes U+FFFD rather than failing the whole batch.
     */
    static void appendCopyLine(CopyLines out, LogRow row) {
        for (int i = 0; i < COMPONENTS.length; i++) {
            if (i > 0) {
                out.ascii('\t');
            }
            Object value = value(i, row);
            Class<?> type = COMPONENTS[i].getType();
            if (value == null) {
                out.ascii('\\').ascii('N');
            } else if (type == List.class) {
                List<?> list = (List<?>) value;
                if (list.isEmpty()) {
                    out.ascii('\\').ascii('N');
                }
                for (int k = 0; k < list.size(); k++) {
                    if (k > 0) {
                        out.ascii(',');
                    }
                    out.text(String.valueOf(list.get(k)));
                }
            } else if (type == BigDecimal.class) {
                out.text(((BigDecimal) value).toPlainString());
            } else if (type == boolean.class) {
                out.ascii((Boolean) value ? 't' : 'f');
            } else if (type == int.class || type == long.class) {
                out.number(((Number) value).longValue());
            } else {
                out.text(value.toString());          // Instant: ISO-8601 in UTC; UUID, doubles: as printed
            }
        }
        out.ascii('\n');
    }

    private static Object value(int column, LogRow row) {
        Object value;
        try {
            value = ACCESSORS[column].invokeExact(row);
        } catch (Throwable e) {
            throw new IllegalStateException("request_log row", e);
        }
        return value == null && COMPONENTS[column].getType() == BigDecimal.class ? BigDecimal.ZERO : value;
    }

    /**
     * A batch of {@code COPY} lines as UTF-8 bytes, grown in place: what the driver sends, with no string,
     * reader or copy buffer in between.
     */
    static final class CopyLines {
        private byte[] bytes;
        private int length;

        CopyLines(int capacity) {
            bytes = new byte[Math.max(64, capacity)];
        }

        byte[] bytes() {
            return bytes;
        }

        int length() {
            return length;
        }

        CopyLines ascii(char ch) {
            room(1);
            bytes[length++] = (byte) ch;
            return this;
        }

        void number(long n) {
            text(Long.toString(n));
        }

        /** {@code text}, escaped for the text format, as UTF-8 (at most three bytes for each char). */
        void text(String text) {
            room(text.length() * 3);
            for (int i = 0; i < text.length(); i++) {
                char ch = text.charAt(i);
                if (ch < 0x80) {
                    switch (ch) {
                        case '\\' -> escaped('\\');
                        case '\t' -> escaped('t');
                        case '\n' -> escaped('n');
                        case '\r' -> escaped('r');
                        case '\0' -> utf8(0xFFFD);
                        default -> bytes[length++] = (byte) ch;
                    }
                } else if (Character.isHighSurrogate(ch) && i + 1 < text.length()
                        && Character.isLowSurrogate(text.charAt(i + 1))) {
                    utf8(Character.toCodePoint(ch, text.charAt(++i)));
                } else if (Character.isSurrogate(ch)) {
                    utf8(0xFFFD);                    // a lone surrogate is no character UTF-8 can hold
                } else {
                    utf8(ch);
                }
            }
        }

        private void escaped(char ch) {
            bytes[length++] = '\\';
            bytes[length++] = (byte) ch;
        }

        private void utf8(int cp) {
            if (cp < 0x800) {
                bytes[length++] = (byte) (0xC0 | (cp >> 6));
                bytes[length++] = (byte) (0x80 | (cp & 0x3F));
            } else if (cp < 0x10000) {
                bytes[length++] = (byte) (0xE0 | (cp >> 12));
                bytes[length++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                bytes[length++] = (byte) (0x80 | (cp & 0x3F));
            } else {
                bytes[length++] = (byte) (0xF0 | (cp >> 18));
                bytes[length++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                bytes[length++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                bytes[length++] = (byte) (0x80 | (cp & 0x3F));
            }
        }

        private void room(int more) {
            if (length + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
            }
        }
    }

    private static MethodHandle[] accessors() {
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        MethodHandle[] handles = new MethodHandle[COMPONENTS.length];
        try {
            for (int i = 0; i < COMPONENTS.length; i++) {
                handles[i] = lookup.unreflect(COMPONENTS[i].getAccessor())
                        .asType(MethodType.methodType(Object.class, LogRow.class));
            }
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("request_log row", e);
        }
        return handles;
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
