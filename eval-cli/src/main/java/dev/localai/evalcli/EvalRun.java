package dev.localai.evalcli;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.List;

/**
 * What the runner reads of the router's run JSON ({@code GET /api/evals/{id}}); the file report.json keeps all of it,
 * as the router sent it. Percentiles and rates are null when there was nothing to compute them from; {@code error}
 * says why a failed run failed.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record EvalRun(String id, String name, String status, String createdAt, String finishedAt, Progress progress,
                      Integer prompts, List<CsvError> csvErrors, List<PolicyResult> policies, Recommendation recommended,
                      String recommendationNote, String error) {

    public static final String RUNNING = "running";
    public static final String DONE = "done";

    public boolean running() {
        return RUNNING.equals(status);
    }

    public List<CsvError> csvErrors() {
        return csvErrors == null ? List.of() : csvErrors;
    }

    public List<PolicyResult> policies() {
        return policies == null ? List.of() : policies;
    }

    /** How far the run is: prompts × policy settings done, of all. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Progress(int done, int total) {
    }

    /** A CSV line the router skipped, and why. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record CsvError(int line, String message) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Percentiles(Double p50, Double p95) {
    }

    /** One policy setting's outcome over all prompts: local, cloud, current, or cascade at one threshold. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record PolicyResult(String policy, String label, Double threshold, Integer prompts, Integer passed,
                               Integer failed, Integer errors, Double successRate, Double costUsd,
                               Double costPerPromptUsd, Percentiles latencyMs, Percentiles ttftMs, Double localShare,
                               Integer escalations) {
    }

    /** The cheapest cascade threshold that reaches the quality target, and what it saves against the reference. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Recommendation(String policy, Double threshold, Double successRate, Double costUsd,
                                 Double referenceSuccessRate, Double targetRate, Double savesUsd, String reason) {
    }
}
