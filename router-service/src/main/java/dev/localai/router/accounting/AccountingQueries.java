package dev.localai.router.accounting;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/** Reads the request log over JDBC: pages of rows, an export, costs grouped by backend, model and key. */
@ApplicationScoped
public class AccountingQueries {

    private static final String SELECT = "select " + LogColumns.LIST + " from request_log";

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record LogPage(String object, List<LogRow> data, int page, int size, long total) {
    }

    /**
     * Requests, tokens and money of one group (or of everything); with quality cascades also the answers
     * escalated, and the tokens and money spent on answers no client got (already in {@code cost_usd}).
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Totals(String backend, String model, String key, long requests, long promptTokens,
                         long completionTokens, BigDecimal costUsd, BigDecimal savedUsd, long escalations,
                         long wastedTokens, BigDecimal wastedUsd) {
    }

    private static final String SUMS = "count(*), sum(prompt_tokens), sum(completion_tokens), sum(cost_usd),"
            + " sum(saved_usd), sum(escalations), sum(wasted_tokens), sum(wasted_usd)";

    private final AgroalDataSource dataSource;

    public AccountingQueries(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public LogPage page(LogFilter filter, int page, int size) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            List<LogRow> rows = new ArrayList<>();
            try (PreparedStatement s = prepare(c, SELECT + filter.where() + " order by ts desc, id limit ? offset ?",
                    filter, size, (long) page * size); ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    rows.add(LogColumns.read(r));
                }
            }
            try (PreparedStatement s = prepare(c, "select count(*) from request_log" + filter.where(), filter);
                 ResultSet r = s.executeQuery()) {
                r.next();
                return new LogPage("list", rows, page, size, r.getLong(1));
            }
        }
    }

    /** One request by its id (the {@code X-Request-Id} of its response). */
    public Optional<LogRow> one(String id) throws SQLException {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException notAnId) {
            return Optional.empty();
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(SELECT + " where id = ?")) {
            s.setObject(1, uuid);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(LogColumns.read(r)) : Optional.empty();
            }
        }
    }

    /** Every matching row, oldest first, read a page of 1,000 at a time. */
    public void export(LogFilter filter, Consumer<LogRow> out) throws SQLException {
        long offset = 0;
        while (true) {
            List<LogRow> rows = new ArrayList<>(1000);
            try (Connection c = dataSource.getConnection();
                 PreparedStatement s = prepare(c, SELECT + filter.where() + " order by ts, id limit 1000 offset ?",
                         filter, offset); ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    rows.add(LogColumns.read(r));
                }
            }
            rows.forEach(out);
            if (rows.size() < 1000) {
                return;
            }
            offset += rows.size();
        }
    }

    /** Totals grouped by backend, served model and client key, most expensive first. */
    public List<Totals> grouped(LogFilter filter) throws SQLException {
        String sql = "select backend, served_model, client_key, " + SUMS + " from request_log" + filter.where()
                + " group by backend, served_model, client_key order by sum(cost_usd) desc, count(*) desc";
        List<Totals> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = prepare(c, sql, filter);
             ResultSet r = s.executeQuery()) {
            while (r.next()) {
                out.add(new Totals(r.getString(1), r.getString(2), r.getString(3), r.getLong(4), r.getLong(5),
                        r.getLong(6), money(r.getBigDecimal(7)), money(r.getBigDecimal(8)), r.getLong(9), r.getLong(10),
                        money(r.getBigDecimal(11))));
            }
        }
        return out;
    }

    /** Totals of one time bucket (an hour or a day, UTC) and one backend, served model and key. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Bucket(Instant start, String backend, String model, String key, long requests, BigDecimal costUsd,
                         BigDecimal savedUsd) {
    }

    /** Totals per {@code hour} or {@code day} (UTC) and backend, served model and key, oldest first. */
    public List<Bucket> series(LogFilter filter, String unit) throws SQLException {
        if (!"hour".equals(unit) && !"day".equals(unit)) {
            throw new IllegalArgumentException("unit must be hour or day: " + unit);
        }
        String bucket = "date_trunc('" + unit + "', ts at time zone 'UTC')";
        String sql = "select " + bucket + ", backend, served_model, client_key, count(*), sum(cost_usd), sum(saved_usd)"
                + " from request_log" + filter.where() + " group by 1, 2, 3, 4 order by 1, 2, 3, 4";
        List<Bucket> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = prepare(c, sql, filter);
             ResultSet r = s.executeQuery()) {
            while (r.next()) {
                out.add(new Bucket(r.getTimestamp(1).toLocalDateTime().toInstant(java.time.ZoneOffset.UTC),
                        r.getString(2), r.getString(3), r.getString(4), r.getLong(5), money(r.getBigDecimal(6)),
                        money(r.getBigDecimal(7))));
            }
        }
        return out;
    }

    /** The totals of everything that matches. */
    public Totals total(LogFilter filter) throws SQLException {
        String sql = "select " + SUMS + " from request_log" + filter.where();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = prepare(c, sql, filter);
             ResultSet r = s.executeQuery()) {
            r.next();
            return new Totals(null, null, null, r.getLong(1), r.getLong(2), r.getLong(3), money(r.getBigDecimal(4)),
                    money(r.getBigDecimal(5)), r.getLong(6), r.getLong(7), money(r.getBigDecimal(8)));
        }
    }

    /** When the first request since {@code from} was logged, or null when none was. */
    public Instant firstSince(Instant from) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("select min(ts) from request_log where ts >= ? and eval_run is null")) {
            s.setTimestamp(1, Timestamp.from(from));
            try (ResultSet r = s.executeQuery()) {
                r.next();
                Timestamp first = r.getTimestamp(1);
                return first == null ? null : first.toInstant();
            }
        }
    }

    /** Requests served by each backend in the range. */
    public Map<String, Long> requestsByBackend(LogFilter filter) throws SQLException {
        Map<String, Long> out = new LinkedHashMap<>();
        for (Totals t : grouped(filter)) {
            out.merge(t.backend() == null ? "none" : t.backend(), t.requests(), Long::sum);
        }
        return out;
    }

    private static PreparedStatement prepare(Connection c, String sql, LogFilter filter, Object... more)
            throws SQLException {
        PreparedStatement s = c.prepareStatement(sql);
        Object[] values = filter.parameters();
        int at = 1;
        for (Object value : values) {
            s.setObject(at++, value);
        }
        for (Object value : more) {
            s.setObject(at++, value);
        }
        return s;
    }

    private static BigDecimal money(BigDecimal value) {
        return value == null ? BigDecimal.ZERO : value.stripTrailingZeros();
    }
}
