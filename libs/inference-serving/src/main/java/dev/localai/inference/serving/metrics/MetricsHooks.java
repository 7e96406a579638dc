package dev.localai.inference.serving.metrics;

import dev.localai.inference.serving.generation.GenerationHooks;
import dev.localai.inference.serving.generation.InferenceCall;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;

/** Time to first token and client cancellations of each generation, into {@link InferenceMetrics}. */
@ApplicationScoped
public class MetricsHooks implements GenerationHooks {

    private final InferenceMetrics metrics;

    public MetricsHooks(InferenceMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void firstToken(InferenceCall call, Duration sinceArrival) {
        metrics.firstToken(call.model(), sinceArrival);
    }

    @Override
    public void clientLeft(InferenceCall call) {
        metrics.cancelled(call.model());
    }
}
