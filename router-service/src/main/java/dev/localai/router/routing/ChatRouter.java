package dev.localai.router.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.localai.openai.ApiError;
import dev.localai.openai.ChatCompletionRequest;
import dev.localai.router.RouterException;
import dev.localai.router.accounting.RequestRecord;
import dev.localai.router.backend.Backend;
import dev.localai.router.backend.WakeOnLan;
import dev.localai.router.cache.CachedReplay;
import dev.localai.router.cache.ResponseCache;
import dev.localai.router.keys.ClientKey;
import dev.localai.router.routing.policy.Decision;
import dev.localai.router.routing.policy.RoutingPolicy;
import dev.localai.router.routing.policy.RoutingTable;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Routes one chat request: takes one snapshot of the routing policy, reads the request's signals,
 * answers from the cache when it may, decides the chain once, and hands it to {@link ChainWalk}.
 * A request that needs a sleeping gaming PC wakes it and waits (see {@link #wakeAndRoute}).
 */
@ApplicationScoped
public class ChatRouter {

    private static final Logger LOG = Logger.getLogger(ChatRouter.class);
    /** A magic packet at most this often per machine (or once per hold, if shorter), however many requests wait. */
    private static final Duration WAKE_EVERY = Duration.ofSeconds(10);

    private final RoutingTableHolder routing;
    private final SignalReader signals;
    private final ChainWalk walk;
    private final ResponseCache cache;
    private final Vertx vertx;
    private final ObjectMapper json;
    private final Map<String, Long> lastWake = new ConcurrentHashMap<>();

    public ChatRouter(RoutingTableHolder routing, SignalReader signals, ChainWalk walk, ResponseCache cache,
                      ObjectMapper json, Vertx vertx) {
        this.routing = routing;
        this.signals = signals;
        this.walk = walk;
        this.cache = cache;
        this.json = json;
        this.vertx = vertx;
    }

    /** The decision for a request, without sending it anywhere ({@code POST /v1/route/explain}). */
    public Decision explain(ChatCompletionRequest request, Map<String, String> headers) {
        RoutingPolicy policy = routing.policy();
        return policy.explain(signals.read(request, headers, policy.table()).signals());
    }

    public Future<Void> route(ChatCompletionRequest request, Map<String, String> headers, HttpServerResponse response,
                              RequestRecord record, ClientKey key) {
        RoutingPolicy policy = routing.policy();          // one snapshot: a reload cannot split a request
        RoutingTable table = policy.table();
        SignalReader.Prepared prepared = signals.read(request, headers, table);
        record.signals(prepared.signals());
        ResponseCache.Lookup lookup = cache.lookup(prepared.request(), headers, key);
        if (lookup.key() != null) {
            Optional<ResponseCache.Entry> hit = cache.get(lookup, entry -> servable(entry, table, prepared, key));
            if (hit.isPresent()) {
                record.cacheHit(hit.get().backend(), hit.get().model());
                record.usage(usageOf(hit.get()));
                record.firstByte();
                return CachedReplay.write(hit.get(), request.wantsStream(), request.includeUsage(), response, json);
            }
            record.cacheLookup(lookup);
        }
        Decision decision = policy.explain(prepared.signals());
        Optional<Backend> asleep = asleep(table, decision);
        if (asleep.isPresent()) {
            return wakeAndRoute(asleep.get(), request, headers, response, record, key);
        }
        if (decision.chain().isEmpty()) {
            return Future.failedFuture(noBackend(decision));
        }
        return walk.walk(table, decision, prepared.request(), response, record, key, null);
    }

    /**
     * Whether a cached answer may serve this request: what first answered it must be a backend this
     * request may use (privacy tags keep out answers that came from outside the house, a key's
     * allowed backends hold for the cache too, and a key with a budget gets no paid answer it did
     * not pay for itself).
     */
    private static boolean servable(ResponseCache.Entry entry, RoutingTable table, SignalReader.Prepared prepared,
                                    ClientKey key) {
        Backend origin = table.backends().get(entry.backend());
        if (origin == null || origin.leavesHouse() && prepared.signals().tags().staysHome()) {
            return false;
        }
        if (key == null) {
            return true;
        }
        if (!key.allowedBackends().isEmpty() && !key.allowedBackends().contains(origin.name())) {
            return false;
        }
        return !key.hasBudget() || key.name().equals(entry.clientKey())
                || table.price(new dev.localai.router.routing.policy.Target(origin.name(), entry.model()))
                .equals(dev.localai.router.routing.policy.Price.FREE);
    }

    private static RouterException noBackend(Decision decision) {
        return new RouterException(503, ApiError.of(decision.reason(), ApiError.UNAVAILABLE, null,
                "no_backend_available"));
    }

    /**
     * The machine a request needs but that does not answer and can be woken: every candidate left is
     * unavailable (an empty or a panic chain), and a rule wanted a backend with {@code wake-on-lan}
     * that is unavailable.
     */
    private static Optional<Backend> asleep(RoutingTable table, Decision decision) {
        if (!decision.chain().isEmpty() && !decision.inPanic()) {
            return Optional.empty();
        }
        return decision.ruleChain().stream().map(t -> table.backends().get(t.backend()))
                .filter(b -> b != null && b.wakeOnLan().isPresent() && decision.signals().unavailable().contains(b.name()))
                .findFirst();
    }

    /**
     * Sends the magic packet, then holds the request (up to the backend's {@code wait}) until a fresh
     * decision has somewhere to go; then routes it, or answers with the decision's 503.
     */
    private Future<Void> wakeAndRoute(Backend backend, ChatCompletionRequest request, Map<String, String> headers,
                                      HttpServerResponse response, RequestRecord record, ClientKey key) {
        WakeOnLan wol = backend.wakeOnLan().orElseThrow();
        long now = System.nanoTime();
        Long last = lastWake.get(backend.name());
        if (last == null || now - last > Math.min(WAKE_EVERY.toNanos(), wol.hold().toNanos())) {
            lastWake.put(backend.name(), now);
            LOG.infof("%s does not answer: sending %s and holding requests for it up to %d s", backend.name(), wol,
                    wol.hold().toSeconds());
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
            RoutingPolicy policy = routing.policy();
            SignalReader.Prepared prepared;
            Decision decision;
            try {
                prepared = signals.read(request, headers, policy.table());
                decision = policy.explain(prepared.signals());
            } catch (RuntimeException e) {
                vertx.cancelTimer(timer);
                done.tryFail(e);
                return;
            }
            boolean stillAsleep = decision.chain().isEmpty() || asleep(policy.table(), decision).isPresent();
            if (stillAsleep && System.nanoTime() < deadline) {
                return;
            }
            vertx.cancelTimer(timer);
            if (stillAsleep) {
                done.tryFail(new RouterException(503, ApiError.of(backend.name() + " was sent a wake-on-lan packet"
                        + " but did not answer within " + wol.hold().toSeconds() + " s. " + decision.reason(),
                        ApiError.UNAVAILABLE, null, "no_backend_available")));
                return;
            }
            record.signals(prepared.signals());
            walk.walk(policy.table(), decision, prepared.request(), response, record, key,
                    backend.name() + " woken by wake-on-lan").onComplete(done);
        });
        return done.future();
    }

    private JsonNode usageOf(ResponseCache.Entry entry) {
        try {
            return json.readTree(entry.body().getBytes()).path("usage");
        } catch (java.io.IOException e) {
            return json.missingNode();
        }
    }
}
