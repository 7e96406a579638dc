package dev.localai.inference.serving.metrics;

import dev.localai.inference.Generation;
import dev.localai.inference.ModelState;
import dev.localai.inference.lifecycle.InferenceListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counters and timers per model, fed by the lifecycle as things happen: tokens generated, time to first
 * token (from the request's arrival, queue and load included), generation time, loads, state changes
 * (an unload is a change to {@code not_loaded}), rejections and cancellations. Gauges of the current state are in {@link ModelGauges}.
 */
@ApplicationScoped
public class InferenceMetrics implements InferenceListener {

    private final MeterRegistry registry;
    /** Meters looked up once per model (and finish reason): registering again on every request costs. */
    private final Map<String, Counter> generatedTokens = new ConcurrentHashMap<>();
    private final Map<String, Counter> promptTokens = new ConcurrentHashMap<>();
    private final Map<String, Timer> firstTokens = new ConcurrentHashMap<>();
    private final Map<List<String>, Timer> generations = new ConcurrentHashMap<>();
    private final Map<List<String>, Counter> transitions = new ConcurrentHashMap<>();

    public InferenceMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * Registers a model's counters of events at 0 (rejections, cancellations, each state change), so the first
     * one shows as an increase and dashboards have their series before anything happened.
     */
    public void prepare(String model) {
        rejectedCounter(model);
        cancelledCounter(model);
        for (ModelState state : ModelState.values()) {
            transition(model, state);
        }
    }

    @Override
    public void generated(String model, Generation g) {
        generatedTokens.computeIfAbsent(model, m -> Counter.builder("inference.tokens.generated")
                .description("Completion tokens generated").tag("model", m).register(registry))
                .increment(g.completionTokens());
        promptTokens.computeIfAbsent(model, m -> Counter.builder("inference.tokens.prompt")
                .description("Prompt tokens processed").tag("model", m).register(registry))
                .increment(g.promptTokens());
        generations.computeIfAbsent(List.of(model, g.finishReason()), k -> Timer.builder("inference.generation")
                .description("Time spent generating (after queue and load)")
                .tag("model", k.get(0)).tag("finish", k.get(1)).register(registry)).record(g.duration());
    }

    @Override
    public void loaded(String model, Duration loadTime) {
        Timer.builder("inference.model.load").description("Model load time").tag("model", model)
                .register(registry).record(loadTime);
    }

    @Override
    public void stateChanged(String model, ModelState state) {
        transition(model, state).increment();
    }

    private Counter transition(String model, ModelState state) {
        return transitions.computeIfAbsent(List.of(model, state.wireName()), k -> Counter.builder("inference.model.transitions")
                .description("Times the model entered a state (not_loaded after an unload, error after a failure)")
                .tag("model", k.get(0)).tag("state", k.get(1)).register(registry));
    }

    @Override
    public void rejected(String model) {
        rejectedCounter(model).increment();
    }

    private Counter rejectedCounter(String model) {
        return Counter.builder("inference.requests.rejected").description("Requests refused because the queue was full")
                .tag("model", model).register(registry);
    }

    public void firstToken(String model, Duration sinceArrival) {
        firstTokens.computeIfAbsent(model, m -> Timer.builder("inference.time.to.first.token")
                .description("From request arrival to the first token").tag("model", m).publishPercentileHistogram()
                .register(registry)).record(sinceArrival);
    }

    public void cancelled(String model) {
        cancelledCounter(model).increment();
    }

    private Counter cancelledCounter(String model) {
        return Counter.builder("inference.requests.cancelled").description("Generations stopped because the client left")
                .tag("model", model).register(registry);
    }
}
