package dev.localai.router.accounting;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.TypedQuery;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/** Reads the request log: pages of rows, an export, costs grouped by backend, model and key. */
@ApplicationScoped
public class AccountingQueries {

    /** One row as {@code /api/logs} shows it. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record LogLine(UUID id, Instant ts, String clientKey, String requestedModel, String backend,
                          String servedModel, String routeReason, List<String> tags, String taskType, boolean stream,
                          int promptTokens, int completionTokens, boolean tokensCounted, double latencyMs,
                          Double ttftMs, int status, String error, boolean partial, boolean cacheHit,
                          BigDecimal costUsd, BigDecimal savedUsd, String promptText, String answerText) {
        static LogLine of(RequestLogEntry e) {
            return new LogLine(e.id, e.ts, e.clientKey, e.requestedModel, e.backend, e.servedModel, e.routeReason,
                    e.tags == null ? List.of() : List.of(e.tags.split(",")), e.taskType, e.stream, e.promptTokens,
                    e.completionTokens, e.tokensCounted, e.latencyMs, e.ttftMs, e.status, e.error, e.partial,
                    e.cacheHit, money(e.costUsd), money(e.savedUsd), e.promptText, e.answerText);
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record LogPage(String object, List<LogLine> data, int page, int size, long total) {
    }

    /** Requests, tokens and money of one group (or of everything). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Totals(String backend, String model, String key, long requests, long promptTokens,
                         long completionTokens, BigDecimal costUsd, BigDecimal savedUsd) {
    }

    public LogPage page(LogFilter filter, int page, int size) {
        PanacheQuery<RequestLogEntry> query = RequestLogEntry.find("from RequestLogEntry e" + filter.where(),
                Sort.descending("ts").and("id"), filter.parameters());
        List<LogLine> lines = query.page(page, size).list().stream().map(LogLine::of).toList();
        return new LogPage("list", lines, page, size, query.count());
    }

    /** One request by its id (the {@code X-Request-Id} of its response). */
    public java.util.Optional<LogLine> one(String id) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException notAnId) {
            return java.util.Optional.empty();
        }
        return RequestLogEntry.<RequestLogEntry>findByIdOptional(uuid).map(LogLine::of);
    }

    /** Every matching row, oldest first, a page of 1,000 at a time, each page in its own transaction. */
    public void export(LogFilter filter, Consumer<LogLine> out) {
        int page = 0;
        while (true) {
            int index = page++;
            List<RequestLogEntry> rows = QuarkusTransaction.requiringNew().call(() -> RequestLogEntry
                    .<RequestLogEntry>find("from RequestLogEntry e" + filter.where(), Sort.ascending("ts").and("id"),
                            filter.parameters())
                    .page(index, 1000).list());
            rows.forEach(row -> out.accept(LogLine.of(row)));
            if (rows.size() < 1000) {
                return;
            }
        }
    }

    /** Totals grouped by backend, served model and client key, most expensive first. */
    public List<Totals> grouped(LogFilter filter) {
        List<Object[]> rows = bind(RequestLogEntry.getEntityManager().createQuery("select e.backend, e.servedModel,"
                        + " e.clientKey, count(e), sum(e.promptTokens), sum(e.completionTokens), sum(e.costUsd),"
                        + " sum(e.savedUsd) from RequestLogEntry e" + filter.where()
                        + " group by e.backend, e.servedModel, e.clientKey order by sum(e.costUsd) desc, count(e) desc",
                Object[].class), filter).getResultList();
        List<Totals> out = new ArrayList<>();
        for (Object[] r : rows) {
            out.add(new Totals((String) r[0], (String) r[1], (String) r[2], ((Number) r[3]).longValue(),
                    number(r[4]), number(r[5]), money(r[6]), money(r[7])));
        }
        return out;
    }

    /** The totals of everything that matches. */
    public Totals total(LogFilter filter) {
        Object[] r = bind(RequestLogEntry.getEntityManager().createQuery("select count(e), sum(e.promptTokens),"
                        + " sum(e.completionTokens), sum(e.costUsd), sum(e.savedUsd) from RequestLogEntry e"
                        + filter.where(), Object[].class), filter).getSingleResult();
        return new Totals(null, null, null, ((Number) r[0]).longValue(), number(r[1]), number(r[2]), money(r[3]),
                money(r[4]));
    }

    /** When the first request since {@code from} was logged, or null when none was. */
    public Instant firstSince(Instant from) {
        return RequestLogEntry.getEntityManager()
                .createQuery("select min(e.ts) from RequestLogEntry e where e.ts >= ?1", Instant.class)
                .setParameter(1, from).getSingleResult();
    }

    /** Requests served by each backend in the range. */
    public Map<String, Long> requestsByBackend(LogFilter filter) {
        Map<String, Long> out = new java.util.LinkedHashMap<>();
        for (Totals t : grouped(filter)) {
            out.merge(t.backend() == null ? "none" : t.backend(), t.requests(), Long::sum);
        }
        return out;
    }

    private static TypedQuery<Object[]> bind(TypedQuery<Object[]> query, LogFilter filter) {
        Object[] values = filter.parameters();
        for (int i = 0; i < values.length; i++) {
            query.setParameter(i + 1, values[i]);
        }
        return query;
    }

    private static long number(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }

    private static BigDecimal money(Object value) {
        return value == null ? BigDecimal.ZERO : ((BigDecimal) value).stripTrailingZeros();
    }
}
