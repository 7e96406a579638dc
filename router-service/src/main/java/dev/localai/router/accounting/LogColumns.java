package dev.localai.router.accounting;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * {@link LogRow}'s components as {@code request_log}'s columns: their snake_case names, the INSERT,
 * binding a row to it and reading one back. Derived from the record once, so the record is the only
 * place a column is spelled out. {@code tags} is stored as one comma-separated text.
 */
final class LogColumns {

    private static final RecordComponent[] COMPONENTS = LogRow.class.getRecordComponents();
    private static final Constructor<LogRow> CONSTRUCTOR = constructor();

    /** The column names, in order. */
    static final List<String> NAMES = Arrays.stream(COMPONENTS).map(c -> snake(c.getName())).toList();
    static final String LIST = String.join(", ", NAMES);
    static final String INSERT = "insert into request_log (" + LIST + ") values ("
            + NAMES.stream().map(n -> "?").collect(Collectors.joining(", ")) + ") on conflict (id) do nothing";

    private LogColumns() {
    }

    static void bind(PreparedStatement s, LogRow row) throws SQLException {
        try {
            for (int i = 0; i < COMPONENTS.length; i++) {
                RecordComponent c = COMPONENTS[i];
                Object value = c.getAccessor().invoke(row);
                int at = i + 1;
                Class<?> type = c.getType();
                if (type == Instant.class) {
                    s.setTimestamp(at, value == null ? null : Timestamp.from((Instant) value));
                } else if (type == List.class) {
                    List<?> list = (List<?>) value;
                    s.setString(at, list == null || list.isEmpty() ? null
                            : list.stream().map(String::valueOf).collect(Collectors.joining(",")));
                } else if (type == Double.class && value == null) {
                    s.setNull(at, Types.DOUBLE);
                } else if (type == String.class && value == null) {
                    s.setNull(at, Types.VARCHAR);
                } else if (type == BigDecimal.class && value == null) {
                    s.setBigDecimal(at, BigDecimal.ZERO);
                } else {
                    s.setObject(at, value);
                }
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("request_log row", e);
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
