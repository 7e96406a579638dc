package dev.localai.router.accounting;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Per-request metrics, read from each request's log row on the request log's writer thread, so nothing
 * here is on a request's path:
 * <ul>
 *   <li>{@code router_requests_total{backend, rule, status, outcome}}: the routing rule that chose the chain,
 *       the HTTP status the client got, and {@code ok}, {@code partial} (a stream that broke off after it
 *       began) or {@code error};</li>
 *   <li>{@code router_request_duration_seconds} and {@code router_time_to_first_token_seconds} per backend,
 *       histograms with buckets from 50 ms to 10 minutes;</li>
 *   <li>{@code router_fallbacks_total{cause}}: each step down the chain ({@code busy}, {@code circuit_open},
 *       {@code failed}, {@code retried}, {@code misconfigured}, {@code not_allowed}, {@code over_budget},
 *       {@code budget_unknown}, {@code other}), read from the notes the chain walk adds to the reason;</li>
 *   <li>{@code router_key_cost_usd_total} and {@code router_key_saved_usd_total} per key (eval runs under key {@code eval}), backend and model.</li>
 * </ul>
 * Label values come from configuration (backends, rules, keys, models), never from request text.
 */
@Singleton
public class RequestMetrics {

    private static final Duration[] BUCKETS = {Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5),
            Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(120),
            Duration.ofSeconds(300), Duration.ofSeconds(600)};

    /** The {@code key} label of eval runs' requests: their money is real, but no household key's. */
    static final String EVAL_KEY = "eval";
    private final MeterRegistry registry;
    private final Map<List<String>, Counter> requests = new ConcurrentHashMap<>();
    private final Map<String, Timer> durations = new ConcurrentHashMap<>();
    private final Map<String, Timer> firstTokens = new ConcurrentHashMap<>();
    private final Map<String, Counter> fallbacks = new ConcurrentHashMap<>();
    private final Map<List<String>, Counter[]> spend = new ConcurrentHashMap<>();

    /** Every cause {@link #cause} can give, registered at 0 from the start so rates and alerts see the first one. */
    static final List<String> CAUSES = List.of("busy", "circuit_open", "failed", "retried", "misconfigured",
            "not_allowed", "over_budget", "budget_unknown", "other");

    public RequestMetrics(MeterRegistry registry) {
        this.registry = registry;
        CAUSES.forEach(this::fallbacks);
    }

    private Counter fallbacks(String cause) {
        return fallbacks.computeIfAbsent(cause, c -> Counter.builder("router_fallbacks")
                .description("Steps down a chain to the next backend, by cause").tag("cause", c).register(registry));
    }

    /** Records one finished request; returns the row unchanged. */
    public LogRow record(LogRow row) {
        String backend = row.backend() == null ? "none" : row.backend();
        String outcome = row.partial() ? "partial" : row.status() < 400 ? "ok" : "error";
        requests.computeIfAbsent(List.of(backend, rule(row.routeReason()), Integer.toString(row.status()), outcome),
                k -> Counter.builder("router_requests").description("Requests answered, by backend, rule and status")
                        .tag("backend", k.get(0)).tag("rule", k.get(1)).tag("status", k.get(2)).tag("outcome", k.get(3))
                        .register(registry)).increment();
        durations.computeIfAbsent(backend, b -> timer("router_request_duration", "From arrival to the last byte", b))
                .record((long) (row.latencyMs() * 1_000_000), TimeUnit.NANOSECONDS);
        if (row.ttftMs() != null) {
            firstTokens.computeIfAbsent(backend, b -> timer("router_time_to_first_token",
                    "From arrival to the first byte of the answer", b))
                    .record((long) (row.ttftMs() * 1_000_000), TimeUnit.NANOSECONDS);
        }
        for (String note : notes(row.routeReason())) {
            fallbacks(cause(note)).increment();
        }
        if (row.backend() != null) {
            String key = row.evalRun() != null ? EVAL_KEY : row.clientKey() == null ? "anonymous" : row.clientKey();
            String model = row.servedModel() == null ? "none" : row.servedModel();
            Counter[] money = spend.computeIfAbsent(List.of(key, backend, model), k -> new Counter[]{
                    Counter.builder("router_key_cost_usd").description("Money spent, by key, backend and model")
                            .tag("key", k.get(0)).tag("backend", k.get(1)).tag("model", k.get(2)).register(registry),
                    Counter.builder("router_key_saved_usd")
                            .description("Saved against the cloud reference price, by key, backend and model")
                            .tag("key", k.get(0)).tag("backend", k.get(1)).tag("model", k.get(2)).register(registry)});
            money[0].increment(row.costUsd().doubleValue());
            money[1].increment(row.savedUsd().doubleValue());
        }
        return row;
    }

    private Timer timer(String name, String description, String backend) {
        return Timer.builder(name).description(description).tag("backend", backend).serviceLevelObjectives(BUCKETS)
                .register(registry);
    }

    /** The rule's name in "rule NAME (…)", "cache" for a cache hit, else "none". */
    static String rule(String reason) {
        if (reason == null) {
            return "none";
        }
        if (reason.startsWith("cache hit")) {
            return "cache";
        }
        if (!reason.startsWith("rule ")) {
            return "none";
        }
        int end = reason.indexOf(' ', 5);
        return end < 0 ? reason.substring(5) : reason.substring(5, end);
    }

    /** The chain walk's notes: what follows the decision's own "rule NAME (…)", separated by "; ". */
    static List<String> notes(String reason) {
        if (reason == null || !reason.startsWith("rule ")) {
            return List.of();
        }
        int depth = 0;
        for (int i = 0; i < reason.length(); i++) {
            char c = reason.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                String rest = reason.substring(i + 1);
                return rest.startsWith("; ") ? List.of(rest.substring(2).split("; ")) : List.of();
            }
        }
        return List.of();
    }

    static String cause(String note) {
        if (note.startsWith("fallback after ")) {
            return "failed";
        }
        if (note.startsWith("budget of key ")) {
            return note.contains(" unknown ") ? "budget_unknown" : "over_budget";
        }
        if (note.endsWith(", retried")) {
            return "retried";
        }
        if (note.endsWith(" circuit open")) {
            return "circuit_open";
        }
        if (note.endsWith(" busy")) {
            return "busy";
        }
        if (note.contains(" does not serve ")) {
            return "misconfigured";
        }
        if (note.contains(" not allowed for key ")) {
            return "not_allowed";
        }
        return "other";
    }
}
