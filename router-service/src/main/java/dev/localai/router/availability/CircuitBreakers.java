package dev.localai.router.availability;

import dev.localai.router.Backend;
import dev.localai.router.config.RouterConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Per backend: a circuit breaker and the count of requests in flight.
 *
 * <p>Breaker states: {@code closed} (requests flow) → after {@code router.breaker.failures}
 * consecutive failures → {@code open} (skipped without waiting) → after {@code router.breaker.cooldown}
 * → {@code half_open}: one trial request; its success closes the breaker, its failure opens it again.
 * Only faults of the backend count ({@link Outcome#FAULT}: refused, timed out, a 5xx that is not
 * "busy" or "gaming mode", a broken stream). A client that hangs up, a backend that says it is busy
 * or in gaming mode, or that answers a 4xx, says nothing about its health ({@link Outcome#NEUTRAL}):
 * such an attempt neither counts as a failure nor closes the circuit. A trial that ends neutral
 * leaves the circuit half-open for the next request, so a circuit is never stuck open by requests
 * that were cut short.
 *
 * <p>Panic: when every backend of a chain is marked down or open, the router tries them anyway
 * ({@code panic}): an open circuit then lets one trial through at once, as a half-open one does.
 *
 * <p>In flight: {@link #tryAcquire} refuses above the backend's {@code max-in-flight}, so the request
 * spills to the next backend. Both are exported as metrics and in {@code /q/health/ready} data.
 */
@Singleton
public class CircuitBreakers {

    private final dev.localai.router.keys.RateLimiter rates = new dev.localai.router.keys.RateLimiter();

    private static final Logger LOG = Logger.getLogger(CircuitBreakers.class);

    public enum State { CLOSED, OPEN, HALF_OPEN }

    /** How an attempt ended, for the breaker. */
    public enum Outcome {
        /** The backend answered (also with a 4xx: the request's fault, not the backend's). */
        SUCCESS,
        /** The backend failed: refused, timed out, 5xx, a broken stream. */
        FAULT,
        /** Nothing learned: the client left, or the backend said it is busy or reserved (gaming mode). */
        NEUTRAL
    }

    /** One attempt's slot on a backend; {@code trial} when it is the attempt that decides an open circuit. */
    public record Permit(String backend, boolean trial) {
    }

    private final class Guard {
        final AtomicInteger inFlight = new AtomicInteger();
        State state = State.CLOSED;
        int failures;
        long openedAt;
        boolean trialRunning;
        long trialStartedAt;
    }

    private final Map<String, Guard> guards = new ConcurrentHashMap<>();
    private final int failureThreshold;
    private final long cooldownNanos;
    private final MeterRegistry metrics;

    @jakarta.inject.Inject
    public CircuitBreakers(RouterConfig config, MeterRegistry metrics) {
        this(metrics, config.breaker().failures(), config.breaker().cooldown());
    }

    /** Without CDI (tests): failures that open a circuit, and how long it stays open. */
    public CircuitBreakers(MeterRegistry metrics, int failures, java.time.Duration cooldown) {
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
        Set<String> open = null;                   // asked on every request: no stream, no set while all are closed
        for (Map.Entry<String, Guard> e : guards.entrySet()) {
            if (!allowsTrial(e.getValue())) {
                if (open == null) {
                    open = new java.util.HashSet<>();
                }
                open.add(e.getKey());
            }
        }
        return open == null ? Set.of() : Set.copyOf(open);
    }

    /** {@link #tryAcquire(Backend, boolean)} outside panic. */
    public Permit tryAcquire(Backend backend) {
        return tryAcquire(backend, false);
    }

    /**
     * Takes a slot on the backend for one attempt: null when its breaker refuses (open, or its trial
     * is already running) or it is at its in-flight bound or request rate. With {@code panic} an open
     * circuit lets a trial through before its cooldown has passed.
     */
    public Permit tryAcquire(Backend backend, boolean panic) {
        Guard g = guard(backend.name());
        synchronized (g) {
            State state = stateOf(g);
            boolean trial = state != State.CLOSED;
            if (state == State.OPEN && !panic || trial && g.trialRunning && !trialOverdue(g)) {
                return null;
            }
            int max = backend.limits().maxInFlight();
            if (max > 0 && g.inFlight.get() >= max) {
                return null;
            }
            int perMinute = backend.limits().requestsPerMinute();
            if (perMinute > 0 && rates.acquire(backend.name(), perMinute, System.nanoTime()).isPresent()) {
                return null;
            }
            if (trial) {
                g.trialRunning = true;
                g.trialStartedAt = System.nanoTime();
            }
            g.inFlight.incrementAndGet();
            return new Permit(backend.name(), trial);
        }
    }

    /** Ends an attempt with its outcome. */
    public void release(Permit permit, Outcome outcome) {
        String backend = permit.backend();
        Guard g = guard(backend);
        synchronized (g) {
            g.inFlight.decrementAndGet();
            if (permit.trial()) {
                g.trialRunning = false;
            }
            if (outcome == Outcome.NEUTRAL) {
                return;
            }
            if (outcome == Outcome.SUCCESS) {
                if (g.state != State.CLOSED) {
                    LOG.infof("backend %s: circuit closed again", backend);
                }
                g.state = State.CLOSED;
                g.failures = 0;
                return;
            }
            g.failures++;
            if (permit.trial() || g.failures >= failureThreshold) {
                if (g.state != State.OPEN) {
                    LOG.warnf("backend %s: circuit opened after %d failure(s)", backend, g.failures);
                }
                g.state = State.OPEN;
                g.openedAt = System.nanoTime();
            }
        }
    }

    /** A trial that has not ended within a cooldown (its request hung somewhere) no longer holds others back. */
    private boolean trialOverdue(Guard g) {
        return System.nanoTime() - g.trialStartedAt > Math.max(cooldownNanos, 1_000_000_000L);
    }

    /** State, failures and in-flight count of every backend seen so far. */
    public Map<String, String> describe() {
        Map<String, String> out = new java.util.TreeMap<>();
        guards.forEach((name, g) -> out.put(name, stateOf(g).name().toLowerCase() + ", " + g.failures
                + " consecutive failure(s), " + g.inFlight.get() + " in flight"));
        return out;
    }

    /** Requests the backend is serving now. */
    public int inFlight(String backend) {
        return guard(backend).inFlight.get();
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
        synchronized (g) {
            return s == State.CLOSED || s == State.HALF_OPEN && (!g.trialRunning || trialOverdue(g));
        }
    }
}
