package dev.localai.router.evals;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.math.BigDecimal;
import java.util.UUID;

/**
 * One prompt's answer under one policy setting, and its verdict. {@code costUsd} and {@code escalations} are the
 * request log's for {@code requestId} (null until its row is written); {@code local}: a home backend answered.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record EvalResult(int line, String policy, boolean passed, String check, String detail, int status,
                         UUID requestId, String backend, String model, boolean local, Double latencyMs, Double ttftMs,
                         BigDecimal costUsd, Integer escalations, String answer, String error) {

    /** A call that failed (no answer, an error status or an error in the stream): a failure, counted apart. */
    public boolean errored() {
        return status != 200 || error != null;
    }
}
