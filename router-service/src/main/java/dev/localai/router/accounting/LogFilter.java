package dev.localai.router.accounting;

import dev.localai.openai.ApiException;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Which request-log rows a reader wants: a time range and, optionally, one backend, client key and
 * status, and which traffic: the household's own requests, eval runs' ({@code eval_run} set), or both.
 * Renders itself as an SQL condition over {@code request_log} with positional parameters.
 */
public record LogFilter(Instant from, Instant to, String backend, String key, Integer status, Traffic traffic) {

    /** Whose requests: the household's (what costs, savings and budgets count), eval runs', or all. */
    public enum Traffic { HOUSEHOLD, EVAL, ALL }

    public LogFilter {
        traffic = traffic == null ? Traffic.HOUSEHOLD : traffic;
    }

    /** The household's own requests (eval runs left out): what costs and savings report. */
    public LogFilter(Instant from, Instant to, String backend, String key, Integer status) {
        this(from, to, backend, key, status, Traffic.HOUSEHOLD);
    }

    /** Parses query parameters; a bad time or traffic is a 400 that names the parameter. */
    public static LogFilter of(String from, String to, String backend, String key, Integer status, String traffic) {
        return new LogFilter(instant("from", from), instant("to", to), blank(backend), blank(key), status,
                traffic(traffic));
    }

    /** {@code household} (the default), {@code eval} or {@code all}. */
    private static Traffic traffic(String value) {
        if (value == null || value.isBlank()) {
            return Traffic.HOUSEHOLD;
        }
        return switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "household" -> Traffic.HOUSEHOLD;
            case "eval" -> Traffic.EVAL;
            case "all" -> Traffic.ALL;
            default -> throw ApiException.badRequest("'traffic' must be household, eval or all, not '" + value + "'.",
                    "traffic", "invalid_value");
        };
    }

    /** {@code where …} (or empty), its {@code ?} parameters in {@link #parameters()}. */
    public String where() {
        List<String> parts = new ArrayList<>();
        if (from != null) {
            parts.add("ts >= ?");
        }
        if (to != null) {
            parts.add("ts < ?");
        }
        if (backend != null) {
            parts.add("backend = ?");
        }
        if (key != null) {
            parts.add("client_key = ?");
        }
        if (status != null) {
            parts.add("status = ?");
        }
        if (traffic == Traffic.HOUSEHOLD) {
            parts.add("eval_run is null");
        } else if (traffic == Traffic.EVAL) {
            parts.add("eval_run is not null");
        }
        return parts.isEmpty() ? "" : " where " + String.join(" and ", parts);
    }

    public Object[] parameters() {
        List<Object> values = new ArrayList<>();
        if (from != null) {
            values.add(java.sql.Timestamp.from(from));
        }
        if (to != null) {
            values.add(java.sql.Timestamp.from(to));
        }
        if (backend != null) {
            values.add(backend);
        }
        if (key != null) {
            values.add(key);
        }
        if (status != null) {
            values.add(status);
        }
        return values.toArray();
    }

    private static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("'" + name + "' must be an ISO-8601 instant such as 2026-11-23T08:00:00Z, not '"
                    + value + "'.", name, "invalid_value");
        }
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
