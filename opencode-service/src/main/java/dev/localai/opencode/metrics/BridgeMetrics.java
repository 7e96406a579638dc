package dev.localai.opencode.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * The bridge's Prometheus metrics: {@code opencode_bridge_requests_total{model,stream}},
 * {@code opencode_bridge_errors_total{kind}} (the error code a client got: {@code provider_error},
 * {@code rate_limit_exceeded}, {@code timeout}, {@code bridge_busy}, {@code opencode_unavailable}, …, and
 * {@code client_gone}), {@code opencode_bridge_time_to_first_token_seconds{model}},
 * {@code opencode_bridge_tokens_total{model,type}} ({@code prompt}, {@code completion}),
 * {@code opencode_bridge_sessions_in_flight}, and the supervisor's {@code opencode_restarts_total} and
 * {@code opencode_up}.
 */
@ApplicationScoped
public class BridgeMetrics {

    private final MeterRegistry registry;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private volatile IntSupplier restarts;
    private volatile IntSupplier up;

    public BridgeMetrics(MeterRegistry registry) {
        this.registry = registry;
        registry.gauge("opencode_bridge_sessions_in_flight", inFlight);
    }

    /** Registers the supervisor's readings (restarts so far, whether OpenCode is READY). */
    public void watchOpencode(IntSupplier restarts, IntSupplier up) {
        this.restarts = restarts;           // Micrometer holds function meters' state weakly: keep it here
        this.up = up;
        io.micrometer.core.instrument.FunctionCounter.builder("opencode_restarts", restarts, IntSupplier::getAsInt)
                .description("OpenCode starts after the first (crashes, failed starts, lost event streams)")
                .register(registry);
        io.micrometer.core.instrument.Gauge.builder("opencode_up", up, IntSupplier::getAsInt)
                .description("1 while OpenCode is READY").strongReference(true).register(registry);
    }

    public void request(String model, boolean stream) {
        counter("opencode_bridge_requests_total", "model", model, "stream", String.valueOf(stream)).increment();
    }

    public void error(String kind) {
        counter("opencode_bridge_errors_total", "kind", kind, null, null).increment();
    }

    public void firstToken(String model, Duration elapsed) {
        timers.computeIfAbsent(model, m -> Timer.builder("opencode_bridge_time_to_first_token")
                .description("From receiving the request to the first token OpenCode streamed")
                .tag("model", m).publishPercentileHistogram(false).register(registry)).record(elapsed);
    }

    public void tokens(String model, int prompt, int completion) {
        counter("opencode_bridge_tokens_total", "model", model, "type", "prompt").increment(prompt);
        counter("opencode_bridge_tokens_total", "model", model, "type", "completion").increment(completion);
    }

    public void sessionOpened() {
        inFlight.incrementAndGet();
    }

    public void sessionClosed() {
        inFlight.decrementAndGet();
    }

    private Counter counter(String name, String k1, String v1, String k2, String v2) {
        String key = name + '|' + v1 + '|' + v2;
        return counters.computeIfAbsent(key, k -> {
            Counter.Builder builder = Counter.builder(name.replace("_total", "")).tag(k1, v1);
            if (k2 != null) {
                builder.tag(k2, v2);
            }
            return builder.register(registry);
        });
    }
}
