package dev.localai.router.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.localai.router.accounting.Budgets;
import dev.localai.router.cache.CachedReplay;
import dev.localai.router.cache.ResponseCache;
import java.util.Optional;
import dev.localai.router.accounting.RequestRecord;
import dev.localai.router.keys.ClientKey;
import dev.localai.router.routing.policy.Price;
import dev.localai.router.routing.policy.Signals;
import dev.localai.openai.ApiError;
import dev.localai.openai.ChatCompletionRequest;
import dev.localai.router.RouterException;
import dev.localai.router.backend.Backend;
import dev.localai.router.backend.BackendGuards;
import dev.localai.router.backend.ChatForwarder;
import dev.localai.router.backend.WakeOnLan;
import dev.localai.router.routing.policy.Decision;
import dev.localai.router.routing.policy.RoutingTable;
import dev.localai.router.routing.policy.Target;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.Set;

/**
 * Routes one chat request: reads its signals, lets the policy decide the chain, and tries the chain
 * in order. A backend that fails before anything reached the client (unreachable, timed out, 5xx,
 * 429) is tried again up to its {@code attempts}, then the request moves on at once; a failure caused
 * by the request itself (400, 404, 413) goes back to the client. A backend whose circuit is open or
 * that is at its {@code max-in-flight} is passed over; when every backend of the chain was busy the
 * client gets 429 with {@code Retry-After}.
 */
@ApplicationScoped
public class ChatRouter {

    private static final Logger LOG = Logger.getLogger(ChatRouter.class);
    /** Statuses that hand a request to the next backend; 529 is Anthropic's "overloaded". */
    private static final Set<Integer> TRY_NEXT = Set.of(429, 500, 502, 503, 504, 529);

    private final RoutingTableHolder routing;
    private final SignalReader signals;
    private final ChatForwarder forwarder;
    private final BackendHealth health;
    private final BackendGuards guards;
    private final Budgets budgets;
    private final ResponseCache cache;
    private final io.vertx.core.Vertx vertx;
    private final Map<String, Long> lastWake = new java.util.concurrent.ConcurrentHashMap<>();
    /** A magic packet at most this often per machine (or once per hold, if shorter), however many requests wait. */
    private static final java.time.Duration WAKE_EVERY = java.time.Duration.ofSeconds(10);
    private final ObjectMapper json;

    public ChatRouter(RoutingTableHolder routing, SignalReader signals, ChatForwarder forwarder, BackendHealth health,
                      BackendGuards guards, Budgets budgets, ResponseCache cache, ObjectMapper json,
                      io.vertx.core.Vertx vertx) {
        this.vertx = vertx;
        this.cache = cache;
        this.json = json;
        this.budgets = budgets;
        this.routing = routing;
        this.signals = signals;
        this.forwarder = forwarder;
        this.health = health;
        this.guards = guards;
    }

    /** The decision for a request, without sending it anywhere ({@code POST /v1/route/explain}). */
    public Decision explain(ChatCompletionRequest request, Map<String, String> headers) {
        RoutingTable table = routing.table();
        return routing.policy().explain(signals.read(request, headers, table).signals());
    }

    public Future<Void> route(ChatCompletionRequest request, Map<String, String> headers, HttpServerResponse response,
                              RequestRecord record, ClientKey key) {
        RoutingTable table = routing.table();
        SignalReader.Prepared prepared = signals.read(request, headers, table);
        record.signals(prepared.signals());
        ResponseCache.Lookup lookup = cache.lookup(prepared.request(), headers);
        if (lookup.key() != null) {
            Optional<ResponseCache.Entry> hit = cache.get(lookup);
            if (hit.isPresent()) {
                record.cacheHit(hit.get().backend(), hit.get().model());
                record.usage(usageOf(hit.get()));
                record.firstByte();
                return CachedReplay.write(hit.get(), request.wantsStream(), request.includeUsage(), response, json);
            }
            record.cacheLookup(lookup);
        }
        Decision explained = routing.policy().explain(prepared.signals());
        Optional<Backend> asleep = asleep(table, explained);
        if (asleep.isPresent()) {
            return wakeAndRoute(asleep.get(), request, headers, response, record, key);
        }
        Decision decision = routing.policy().decide(prepared.signals());
        return new Attempts(table, decision, prepared.request(), response, record, key).next(0, 1, null);
    }

    /** The walk down one request's chain. */
    private final class Attempts {
        private final RoutingTable table;
        private final Decision decision;
        private final ChatCompletionRequest request;
        private final HttpServerResponse response;
        private final RequestRecord record;
        private final ClientKey key;
        private boolean sawBusy;
        private boolean sawNotAllowed;
        private boolean sawOverBudget;
        private RouterException lastFailure;

        Attempts(RoutingTable table, Decision decision, ChatCompletionRequest request, HttpServerResponse response,
                 RequestRecord record, ClientKey key) {
            this.record = record;
            this.key = key;
            this.table = table;
            this.decision = decision;
            this.request = request;
            this.response = response;
        }

        Future<Void> next(int index, int attempt, String note) {
            if (index >= decision.chain().size()) {
                return Future.failedFuture(exhausted());
            }
            Target target = decision.chain().get(index);
            Backend backend = table.backends().get(target.backend());
            if (key != null && !key.allowedBackends().isEmpty() && !key.allowedBackends().contains(backend.name())) {
                sawNotAllowed = true;
                return next(index + 1, 1, join(note, target.backend() + " not allowed for key '" + key.name() + "'"));
            }
            Price price = table.price(target);
            if (key != null && key.hasBudget() && !price.equals(Price.FREE)) {
                Signals s = decision.signals();
                double estimate = price.cost(s.promptTokens(),
                        s.maxTokens() > 0 ? s.maxTokens() : budgets.defaultCompletionTokens());
                return budgets.reserve(key, estimate).transform(result -> {
                    if (result.failed()) {
                        LOG.warnf("budget of key '%s' unknown (%s): %s skipped", key.name(),
                                result.cause().getMessage(), target.backend());
                        return next(index + 1, 1, join(note, "budget of key '" + key.name()
                                + "' unknown (database unavailable), " + target.backend() + " skipped"));
                    }
                    var reserved = result.result();
                    if (reserved.isEmpty()) {
                        sawOverBudget = true;
                        if (key.refuseOverBudget()) {
                            return Future.failedFuture(overBudget());
                        }
                        return next(index + 1, 1, join(note, "budget of key '" + key.name() + "' spent, "
                                + target.backend() + " skipped"));
                    }
                    record.reservation(reserved.get());
                    return attempt(index, attempt, note, target, backend);
                });
            }
            return attempt(index, attempt, note, target, backend);
        }

        private Future<Void> attempt(int index, int attempt, String note, Target target, Backend backend) {
            if (!guards.tryAcquire(backend)) {
                releaseReservation();
                sawBusy = true;
                return next(index + 1, 1, join(note, target.backend() + " "
                        + (guards.state(backend.name()) == BackendGuards.State.CLOSED ? "busy" : "circuit open")));
            }
            String reason = decision.reason() + (note == null ? "" : "; " + note);
            Route route = new Route(backend, target.model(), reason);
            record.routed(route);
            return forwarder.forward(route, request, response, record)
                    .onComplete(result -> guards.release(backend.name(), movesOn(result.cause())))
                    .recover(failure -> {
                        if (!response.headWritten()) {
                            releaseReservation();
                        }
                        if (!(failure instanceof RouterException e) || !TRY_NEXT.contains(e.status())
                                || response.headWritten() || response.closed()) {
                            return Future.failedFuture(failure);
                        }
                        lastFailure = e;
                        if ("backend_unreachable".equals(e.error().error().code())) {
                            health.markDown(backend.name());
                        } else if (attempt < backend.limits().attempts()) {
                            LOG.infof("%s failed (%d), attempt %d of %d", target, e.status(), attempt + 1,
                                    backend.limits().attempts());
                            return next(index, attempt + 1, join(note, target.backend() + " failed with " + e.status()
                                    + ", retried"));
                        }
                        if (index + 1 < decision.chain().size()) {
                            LOG.infof("%s failed (%d), trying %s", target, e.status(), decision.chain().get(index + 1));
                        }
                        return next(index + 1, 1, join(note, "fallback after " + target.backend() + " failed with "
                                + e.status()));
                    });
        }

        private void releaseReservation() {
            if (record.reservation() != null) {
                budgets.release(record.reservation());
                record.reservation(null);
            }
        }

        private RouterException overBudget() {
            return new RouterException(429, ApiError.of("The budget of key '" + key.name() + "' is spent"
                    + (sawNotAllowed ? "" : " and no free backend may serve this request") + ".", ApiError.RATE_LIMIT,
                    null, "budget_exceeded"), Map.of("Retry-After", Long.toString(Budgets.secondsUntilReset(key))));
        }

        private RouterException exhausted() {
            if (lastFailure != null) {
                return lastFailure;
            }
            if (sawOverBudget) {
                return overBudget();
            }
            if (sawNotAllowed && !sawBusy) {
                return new RouterException(403, ApiError.of("Key '" + key.name() + "' may use only "
                        + String.join(", ", key.allowedBackends()) + ", and none of them may serve this request.",
                        ApiError.INVALID_REQUEST, null, "backend_not_allowed"));
            }
            String message = sawBusy
                    ? "Every backend that may serve this request is busy or cooling down after failures; try again shortly."
                    : "No backend could take this request.";
            return new RouterException(sawBusy ? 429 : 503, ApiError.of(message,
                    sawBusy ? ApiError.RATE_LIMIT : ApiError.UNAVAILABLE, null,
                    sawBusy ? "backends_busy" : "no_backend_available"), sawBusy ? Map.of("Retry-After", "1") : Map.of());
        }
    }

    /**
     * The machine a request needs but that does not answer and can be woken: nothing else is left in
     * the chain, and a rule wanted a backend with {@code wake-on-lan} that is unavailable.
     */
    private static Optional<Backend> asleep(RoutingTable table, Decision decision) {
        if (!decision.chain().isEmpty()) {
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
        io.vertx.core.Promise<Void> done = io.vertx.core.Promise.promise();
        vertx.setPeriodic(250, 250, timer -> {
            if (response.closed()) {
                vertx.cancelTimer(timer);
                done.tryComplete();
                return;
            }
            RoutingTable table = routing.table();
            SignalReader.Prepared prepared;
            Decision decision;
            try {
                prepared = signals.read(request, headers, table);
                decision = routing.policy().explain(prepared.signals());
            } catch (RuntimeException e) {
                vertx.cancelTimer(timer);
                done.tryFail(e);
                return;
            }
            if (decision.chain().isEmpty() && System.nanoTime() < deadline) {
                return;
            }
            vertx.cancelTimer(timer);
            try {
                Decision ready = routing.policy().decide(prepared.signals());
                record.signals(prepared.signals());
                new Attempts(table, ready, prepared.request(), response, record, key).next(0, 1,
                        backend.name() + " woken by wake-on-lan").onComplete(done);
            } catch (RuntimeException e) {
                done.tryFail(e);
            }
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

    /** Failures that count against a backend: the ones that move a request on along the chain. */
    private static boolean movesOn(Throwable failure) {
        return failure instanceof RouterException e && TRY_NEXT.contains(e.status());
    }

    private static String join(String note, String more) {
        return note == null ? more : note + "; " + more;
    }
}
