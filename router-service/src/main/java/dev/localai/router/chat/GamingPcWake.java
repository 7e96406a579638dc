package dev.localai.router.chat;

import dev.localai.openai.ApiError;
import dev.localai.openai.ApiException;
import dev.localai.router.Backend;
import dev.localai.router.WakeOnLan;
import dev.localai.router.chat.Decider;
import dev.localai.router.routing.policy.Decision;
import dev.localai.router.routing.policy.RoutingTable;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Waking the gaming PC: a request whose every candidate is unavailable, and whose rule wanted a
 * backend with {@code wake-on-lan}, sends the magic packet (at most every 10 s per machine, however
 * many requests wait) and is held until a fresh decision has somewhere to go, up to the backend's
 * {@code wait}; then it is routed, or answered with a 503 that says the machine did not wake.
 */
@Singleton
public class GamingPcWake {

    private static final Logger LOG = Logger.getLogger(GamingPcWake.class);
    private static final Duration WAKE_EVERY = Duration.ofSeconds(10);

    private final Vertx vertx;
    private final MeterRegistry metrics;
    private final Map<String, Long> lastWake = new ConcurrentHashMap<>();

    public GamingPcWake(Vertx vertx, MeterRegistry metrics) {
        this.vertx = vertx;
        this.metrics = metrics;
    }

    /** The machine a decision needs but that does not answer and can be woken. */
    public static Optional<Backend> asleep(RoutingTable table, Decision decision) {
        if (!decision.chain().isEmpty() && !decision.inPanic()) {
            return Optional.empty();
        }
        return decision.ruleChain().stream().map(t -> table.backends().get(t.backend()))
                .filter(b -> b != null && b.wakeOnLan().isPresent() && decision.signals().unavailable().contains(b.name()))
                .findFirst();
    }

    /**
     * Wakes {@code backend}, then polls {@code decide} every 250 ms until the machine is awake (or the
     * hold is over) and hands the fresh decision to {@code walk} with a note for the reason.
     */
    public Future<Void> wakeThenWalk(Backend backend, Supplier<Decider.Decided> decide, HttpServerResponse response,
                                     Function<Decider.Decided, Future<Void>> walk) {
        WakeOnLan wol = backend.wakeOnLan().orElseThrow();
        long now = System.nanoTime();
        Long last = lastWake.get(backend.name());
        if (last == null || now - last > Math.min(WAKE_EVERY.toNanos(), wol.hold().toNanos())) {
            lastWake.put(backend.name(), now);
            LOG.infof("%s does not answer: sending %s and holding requests for it up to %d s", backend.name(), wol,
                    wol.hold().toSeconds());
            metrics.counter("router_wake_on_lan_sent", "backend", backend.name()).increment();
            vertx.executeBlocking(() -> {
                wol.send();
                return null;
            }, false).onFailure(e -> LOG.warnf("wake-on-lan for %s failed: %s", backend.name(), e.getMessage()));
        }
        long deadline = now + wol.hold().toNanos();
        Promise<Void> done = Promise.promise();
        vertx.setPeriodic(250, 250, timer -> {
            if (response.closed()) {
                vertx.cancelTimer(timer);
                done.tryComplete();
                return;
            }
            Decider.Decided decided;
            try {
                decided = decide.get();
            } catch (RuntimeException e) {
                vertx.cancelTimer(timer);
                done.tryFail(e);
                return;
            }
            boolean stillAsleep = decided.decision().chain().isEmpty()
                    || asleep(decided.table(), decided.decision()).isPresent();
            if (stillAsleep && System.nanoTime() < deadline) {
                return;
            }
            vertx.cancelTimer(timer);
            if (stillAsleep) {
                done.tryFail(new ApiException(503, ApiError.of(backend.name() + " was sent a wake-on-lan packet"
                        + " but did not answer within " + wol.hold().toSeconds() + " s. " + decided.decision().reason(),
                        ApiError.UNAVAILABLE, null, "no_backend_available")));
                return;
            }
            walk.apply(decided).onComplete(done);
        });
        return done.future();
    }
}
