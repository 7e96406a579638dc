package dev.localai.router.accounting;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One row of the request log, the one type for it: written by {@link RequestLogStore}, read back by
 * {@link AccountingQueries}, shown by {@code /api/logs} as it is. Its components are the columns of
 * {@code request_log} in order, by their snake_case names ({@link LogColumns}): a new column is a
 * component here and a migration, nothing else.
 *
 * <p>Tokens and money are filled in by {@link Costing#count} behind the response; until then a row
 * is a {@link LogDraft}'s.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record LogRow(UUID id, Instant ts, String clientKey, String requestedModel, String backend,
                     String servedModel, String routeReason, List<String> tags, String taskType, boolean stream,
                     int promptTokens, int completionTokens, boolean tokensCounted, double latencyMs, Double ttftMs,
                     int status, String error, boolean partial, boolean cacheHit, BigDecimal costUsd,
                     BigDecimal savedUsd, String promptText, String answerText,
                     @com.fasterxml.jackson.annotation.JsonRawValue String attempts, int escalations,
                     int wastedTokens, BigDecimal wastedUsd, UUID evalRun) {

    public LogRow {
        tags = tags == null ? List.of() : List.copyOf(tags);
        wastedUsd = wastedUsd == null ? BigDecimal.ZERO : wastedUsd;
    }

    /** The same row with its tokens counted and its cost and savings; a cascade's attempts as they were. */
    public LogRow counted(int prompt, int completion, boolean counted, BigDecimal cost, BigDecimal saved) {
        return counted(prompt, completion, counted, cost, saved, attempts, escalations, wastedTokens, wastedUsd);
    }

    /**
     * The same row with its tokens counted and its cost and savings; with a quality cascade also its
     * attempts (JSON: {@link Attempt}s), how many answers were escalated, and the tokens and money spent on
     * answers the client never got (included in {@code cost}).
     */
    public LogRow counted(int prompt, int completion, boolean counted, BigDecimal cost, BigDecimal saved,
                          String attemptsJson, int escalated, int wasted, BigDecimal wastedCost) {
        return new LogRow(id, ts, clientKey, requestedModel, backend, servedModel, routeReason, tags, taskType, stream,
                prompt, completion, counted, latencyMs, ttftMs, status, error, partial, cacheHit, cost, saved,
                promptText, answerText, attemptsJson, escalated, wasted, wastedCost, evalRun);
    }
}
