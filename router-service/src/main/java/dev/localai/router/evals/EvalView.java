package dev.localai.router.evals;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A run as {@code /api/evals} shows it: its settings, progress, CSV line errors, the table per policy setting and
 * the recommendation (live from the answers in so far while it runs), and in {@code GET /api/evals/{id}} every answer.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record EvalView(UUID id, String object, String name, String status, Instant createdAt, Instant finishedAt,
                       @JsonRawValue String settings, Progress progress, int prompts, @JsonRawValue String csvErrors,
                       List<EvalSummary.PolicyStats> policies, EvalSummary.Recommended recommended,
                       String recommendationNote, String error,
                       @JsonInclude(JsonInclude.Include.NON_NULL) List<EvalResult> results) {

    public record Progress(int done, int total) {
    }

    static EvalView of(EvalStore.Run run, EvalSummary summary, List<EvalResult> results) {
        return new EvalView(run.id(), "eval.run", run.name(), run.status(), run.createdAt(), run.finishedAt(),
                run.settings(), new Progress(run.done(), run.total()), run.prompts(), run.csvErrors(),
                summary.policies(), summary.recommended(), summary.recommendationNote(), run.error(), results);
    }
}
