package dev.localai.inference.serving.metrics;

import dev.localai.inference.serving.gpu.NvidiaSmi;

import dev.localai.inference.ModelState;
import dev.localai.inference.ModelStatus;
import dev.localai.inference.lifecycle.ManagedModel;
import dev.localai.inference.lifecycle.ModelManager;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.function.ToDoubleFunction;

/**
 * Gauges read from each model's status when scraped: state (one series per state, 1 for the current),
 * queue depth, requests in flight, tokens/s of the last request, last load time; GPU memory; and the
 * memory budget against what the loaded models reserve of it.
 */
@ApplicationScoped
public class ModelGauges {

    private static final double MIB = 1024 * 1024;

    void register(@Observes StartupEvent start, ModelManager models, MeterRegistry registry, NvidiaSmi gpu,
                  InferenceMetrics events) {
        for (ManagedModel model : models.all()) {
            events.prepare(model.name());
            for (ModelState state : ModelState.values()) {
                Gauge.builder("inference.model.state", model, m -> m.state() == state ? 1 : 0)
                        .description("1 for the model's current state").tag("model", model.name())
                        .tag("state", state.wireName()).register(registry);
            }
            gauge(registry, model, "inference.queue.depth", "Requests waiting for a slot", s -> s.queued());
            gauge(registry, model, "inference.requests.in.flight", "Requests being served", s -> s.inFlight());
            gauge(registry, model, "inference.tokens.per.second", "Completion tokens/s of the last request",
                    ModelStatus::tokensPerSecond);
            gauge(registry, model, "inference.model.last.load.seconds", "Duration of the last load",
                    s -> s.loadTime() == null ? Double.NaN : s.loadTime().toNanos() / 1e9);
        }
        Gauge.builder("inference.gpu.memory.used.bytes", gpu, g -> g.memory().map(NvidiaSmi.Memory::usedBytes).orElse(Double.NaN))
                .description("GPU memory in use (NaN: unknown, nvidia-smi absent)").register(registry);
        Gauge.builder("inference.gpu.memory.total.bytes", gpu, g -> g.memory().map(NvidiaSmi.Memory::totalBytes).orElse(Double.NaN))
                .description("GPU memory in total (NaN: unknown, nvidia-smi absent)").register(registry);
        Gauge.builder("inference.memory.budget.bytes", models, m -> m.budgetMb() <= 0 ? Double.NaN : m.budgetMb() * MIB)
                .description("Memory the loaded models may reserve (NaN: unlimited)").register(registry);
        Gauge.builder("inference.memory.reserved.bytes", models, m -> m.all().stream()
                        .filter(model -> model.state().holdsMemory()).mapToLong(model -> model.spec().memoryMb()).sum() * MIB)
                .description("Memory the loaded models reserve of the budget").register(registry);
        Gauge.builder("inference.gpu.memory.known", gpu, g -> g.memory().isPresent() ? 1 : 0)
                .description("1 when nvidia-smi reported GPU memory, 0 when it is unknown").register(registry);
    }

    private static void gauge(MeterRegistry registry, ManagedModel model, String name, String description,
                              ToDoubleFunction<ModelStatus> value) {
        Gauge.builder(name, model, m -> value.applyAsDouble(m.status())).description(description)
                .tag("model", model.name()).register(registry);
    }
}
