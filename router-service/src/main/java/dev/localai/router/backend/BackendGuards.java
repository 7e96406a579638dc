package dev.localai.router.backend;

import dev.localai.router.config.RouterConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Per backend: a circuit breaker and the count of requests in flight.
 *
 * <p>Breaker states: {@code closed} (requests flow) → after {@code router.breaker.failures}
 * consecutive failures → {@code open} (skipped without waiting) → after {@code router.breaker.cooldown}
 * → {@code half_open}: one trial request; its success closes the breaker, its failure opens it again.
 * Failures are what would move a request on along the chain: unreachable, timed out, 5xx, 429.
 *
 * <p>In flight: {@link #tryAcquire} refuses above the backend's {@code max-in-flight}, so the request
 * spills to the next backend. Both are exported as metrics and in {@code /q/health/ready} data.
 */
@ApplicationScoped
public class BackendGuards {

    private final dev.localai.router.keys.RateLimiter rates = new dev.localai.router.keys.RateLimiter();

    private static final Logger LOG = Logger.getLogger(BackendGuards.class);

    public enum State { CLOSED, OPEN, HALF_OPEN }

    private final class Guard {
        final AtomicInteger inFlight = new AtomicInteger();
        State state = State.CLOSED;
        int failures;
        long openedAt;
        boolean trialRunning;
    }

    private final Map<String, Guard> guards = new ConcurrentHashMap<>();
    private final int failureThreshold;
    private final long cooldownNanos;
    private final MeterRegistry metrics;

    @jakarta.inject.Inject
    public BackendGuards(RouterConfig config, MeterRegistry metrics) {
        this(metrics, config.breaker().failures(), config.breaker().cooldown());
    }

    /** Without CDI (tests): failures that open a circuit, and how long it stays open. */
    public BackendGuards(MeterRegistry metrics, int failures, java.time.Duration cooldown) {
        this.failureThreshold = failures;
        this.cooldownNanos = cooldown.toNanos();
        this.metrics = metrics;
    }

    private Guard guard(String backend) {
        return guards.computeIfAbsent(backend, name -> {
            Guard g = new Guard();
            Gauge.builder("router_backend_in_flight", g.inFlight, AtomicInteger::get).tag("backend", name)
                    .description("Requests a backend is serving now").register(metrics);
            Gauge.builder("router_backend_circuit_open", g, x -> stateOf(x) == State.CLOSED ? 0 : 1).tag("backend", name)
                    .description("1 while the backend's circuit breaker is open or half-open").register(metrics);
            return g;
        });
    }

    /** Backends whose breaker is open and still cooling down: skip them without trying. */
    public Set<String> open() {
        return guards.entrySet().stream().filter(e -> !allowsTrial(e.getValue())).map(Map.Entry::getKey)
                .collect(Collectors.toUnmodifiableSet());
    }

    /**
     * Takes a slot on the backend for one attempt: false when its breaker refuses (open, or its
     * half-open trial is already running) or it is at its in-flight bound.
     */
    public boolean tryAcquire(Backend backend) {
        Guard g = guard(backend.name());
        synchronized (g) {
            State state = stateOf(g);
            if (state == State.OPEN || state == State.HALF_OPEN && g.trialRunning) {
                return false;
            }
            int max = backend.limits().maxInFlight();
            if (max > 0 && g.inFlight.get() >= max) {
                return false;
            }
            int perMinute = backend.limits().requestsPerMinute();
            if (perMinute > 0 && rates.acquire(backend.name(), perMinute, System.nanoTime()).isPresent()) {
                return false;
            }
            if (state == State.HALF_OPEN) {
                g.state = State.HALF_OPEN;
                g.trialRunning = true;
            }
            g.inFlight.incrementAndGet();
            return true;
        }
    }

    /** Ends an attempt: {@code failed} when it failed in a way that moves the chain on. */
    public void release(String backend, boolean failed) {
        Guard g = guard(backend);
        synchronized (g) {
            g.inFlight.decrementAndGet();
            boolean trial = g.trialRunning;
            g.trialRunning = false;
            if (!failed) {
                if (g.state != State.CLOSED) {
                    LOG.infof("backend %s: circuit closed again", backend);
                }
                g.state = State.CLOSED;
                g.failures = 0;
                return;
            }
            g.failures++;
            if (trial || g.failures >= failureThreshold) {
                if (g.state != State.OPEN) {
                    LOG.warnf("backend %s: circuit opened after %d failure(s)", backend, g.failures);
                }
                g.state = State.OPEN;
                g.openedAt = System.nanoTime();
            }
        }
    }

    /** State, failures and in-flight count of every backend seen so far. */
    public Map<String, String> describe() {
        Map<String, String> out = new java.util.TreeMap<>();
        guards.forEach((name, g) -> out.put(name, stateOf(g).name().toLowerCase() + ", " + g.failures
                + " consecutive failure(s), " + g.inFlight.get() + " in flight"));
        return out;
    }

    public State state(String backend) {
        return stateOf(guard(backend));
    }

    private State stateOf(Guard g) {
        synchronized (g) {
            if (g.state == State.OPEN && System.nanoTime() - g.openedAt >= cooldownNanos) {
                return State.HALF_OPEN;
            }
            return g.state;
        }
    }

    private boolean allowsTrial(Guard g) {
        State s = stateOf(g);
        return s == State.CLOSED || s == State.HALF_OPEN && !g.trialRunning;
    }
}
