package dev.localai.inference3070.models;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.localai.inference.ModelState;
import dev.localai.inference.ModelStatus;
import dev.localai.inference.lifecycle.ModelManager;

import java.util.List;

/** One model in {@code GET /models/status}, in snake_case as the rest of the API. */
public record ModelStatusView(
        String name,
        String engine,
        String state,
        String reason,
        @JsonProperty("load_time_ms") Long loadTimeMs,
        @JsonProperty("last_use") String lastUse,
        @JsonProperty("in_flight") int inFlight,
        int queued,
        @JsonProperty("tokens_per_second") double tokensPerSecond,
        @JsonProperty("memory_mb") long memoryMb,
        int slots,
        int queue) {

    /** The whole page: every model and the memory budget. */
    public record All(List<ModelStatusView> models,
                      @JsonProperty("memory_budget_mb") long memoryBudgetMb,
                      @JsonProperty("memory_used_mb") long memoryUsedMb) {
    }

    public static ModelStatusView of(ModelStatus s) {
        return new ModelStatusView(s.name(), s.engine().wireName(), s.state().wireName(), s.reason(),
                s.loadTime() == null ? null : s.loadTime().toMillis(), s.lastUse() == null ? null : s.lastUse().toString(),
                s.inFlight(), s.queued(), Math.round(s.tokensPerSecond() * 10) / 10.0, s.memoryMb(), s.slots(), s.queue());
    }

    public static All of(ModelManager models) {
        List<ModelStatus> all = models.status();
        long used = all.stream().filter(s -> s.state().holdsMemory()).mapToLong(ModelStatus::memoryMb).sum();
        return new All(all.stream().map(ModelStatusView::of).toList(), models.budgetMb(), used);
    }

    public boolean canServe() {
        return !ModelState.ERROR.wireName().equals(state);
    }
}
