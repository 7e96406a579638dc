package dev.localai.router.chat;

import dev.localai.router.availability.BackendHealth;
import dev.localai.router.RouterErrors;
import dev.localai.router.Route;
import dev.localai.openai.ApiError;
import dev.localai.openai.ChatCompletionRequest;
import dev.localai.openai.ApiException;
import dev.localai.router.accounting.RequestRecord;
import dev.localai.router.Backend;
import dev.localai.router.availability.CircuitBreakers;
import dev.localai.router.availability.CircuitBreakers.Outcome;
import dev.localai.router.backend.ChatForwarder;
import dev.localai.router.keys.ClientKey;
import dev.localai.router.quality.Cascade;
import dev.localai.router.quality.Consensus;
import dev.localai.router.quality.HeldAnswer;
import dev.localai.router.routing.policy.Decision;
import dev.localai.router.routing.policy.RoutingTable;
import dev.localai.router.Target;
import io.vertx.core.Future;
import dev.localai.router.client.ClientWriter;
import io.vertx.core.http.HttpServerResponse;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Tries a decided chain in order. A backend that fails before anything reached the client
 * (unreachable, timed out, 5xx) is tried again up to its {@code attempts}, then the request moves
 * on; one that is busy, rate limiting or in gaming mode hands over at once; one the router chose
 * that does not know the model (404) is a misconfiguration and hands over too, while a model the
 * client named itself gets the 404. A prompt longer than a backend's context ({@code context_length_exceeded})
 * goes to the next one, which may have more; the client gets the 400 only when none could take it.
 * Other 4xx are the request's fault and go back to the client.
 * A backend whose circuit is open, or at its {@code max-in-flight}, is passed over; when nothing
 * served because every backend was busy the client gets 429 with {@code Retry-After}.
 *
 * <p>Only faults of the backend count against its circuit ({@link #outcome}): a client that hangs
 * up, a busy or gaming-mode answer, or a 4xx is neutral or a success.
 */
@Singleton
public class ChainWalk {

    private static final Logger LOG = Logger.getLogger(ChainWalk.class);
    /** Statuses that hand a request to the next backend; 529 is Anthropic's "overloaded". */
    private static final Set<Integer> TRY_NEXT = Set.of(429, 500, 502, 503, 504, 529);

    private final ChatForwarder forwarder;
    private final BackendHealth health;
    private final CircuitBreakers breakers;
    private final Spending spending;
    private final Cascade cascade;
    private final Consensus consensus;

    public ChainWalk(ChatForwarder forwarder, BackendHealth health, CircuitBreakers breakers, Spending spending,
                     Cascade cascade, Consensus consensus) {
        this.cascade = cascade;
        this.consensus = consensus;
        this.forwarder = forwarder;
        this.health = health;
        this.breakers = breakers;
        this.spending = spending;
    }

    /** Walks {@code decision}'s chain; {@code note} (or null) is added to the reason the client is shown. */
    public Future<Void> walk(RoutingTable table, Decision decision, ChatCompletionRequest request,
                             ClientWriter client, RequestRecord record, ClientKey key, String note) {
        Walk walk = new Walk(table, decision, request, client, record, key);
        if (decision.consensus() == null) {
            return walk.next(0, 1, note);
        }
        List<Route> members = Spending.consensusMembers(decision, table, key);
        if (members.size() < decision.consensus().agree()) {
            return walk.next(0, 1, join(note, "consensus skipped: too few members may serve"));
        }
        return consensus.ask(members, decision.consensus().agree(), decision.cascade(), request, client, record)
                .compose(outcome -> outcome.answered() ? Future.succeededFuture()
                        : walk.next(0, 1, join(note, outcome.note())));
    }

    /** How an attempt ended, for the backend's circuit: only the backend's own faults count. */
    static Outcome outcome(Throwable failure, HttpServerResponse response) {
        if (response.closed() && !response.ended()) {
            return Outcome.NEUTRAL;                   // the client hung up: nothing learned about the backend
        }
        if (failure == null) {
            return Outcome.SUCCESS;
        }
        if (!(failure instanceof ApiException e)) {
            return Outcome.NEUTRAL;                   // the router's own failure
        }
        if (refusedForNow(e) || "unsupported_for_backend".equals(code(e))) {
            return Outcome.NEUTRAL;
        }
        return TRY_NEXT.contains(e.status()) ? Outcome.FAULT : Outcome.SUCCESS;
    }

    /** Busy, rate limited or reserved for games: the backend is healthy, just not taking this now. */
    private static boolean refusedForNow(ApiException e) {
        String code = code(e);
        return e.status() == 429 || ChatForwarder.BUSY.equals(code) || ChatForwarder.GAMING_MODE.equals(code);
    }

    private static String code(ApiException e) {
        return e.error().error().code();
    }

    /** The walk down one request's chain. */
    private final class Walk {
        private final RoutingTable table;
        private final Decision decision;
        private final ChatCompletionRequest request;
        private final ClientWriter client;
        private final HttpServerResponse response;
        private final RequestRecord record;
        private final ClientKey key;
        private boolean sawBusy;
        private long retryAfter = 1;
        private boolean sawNotAllowed;
        private boolean sawOverBudget;
        private ApiException lastFailure;
        private ApiException lastBusy;
        /** The quality cascade of this request, or null: then the first answer is the client's. */
        private final Cascade.Run quality;

        Walk(RoutingTable table, Decision decision, ChatCompletionRequest request, ClientWriter client,
             RequestRecord record, ClientKey key) {
            this.table = table;
            this.decision = decision;
            this.request = request;
            this.client = client;
            this.response = client.response();
            this.record = record;
            this.key = key;
            this.quality = cascade.start(decision.cascade(), decision.signals().taskType(), client, record);
        }

        Future<Void> next(int index, int attempt, String note) {
            if (index >= decision.chain().size()) {
                if (quality != null) {
                    return quality.exhausted().compose(answered -> answered ? Future.succeededFuture()
                            : Future.failedFuture(exhausted()));
                }
                return Future.failedFuture(exhausted());
            }
            Target target = decision.chain().get(index);
            Backend backend = table.backends().get(target.backend());
            if (!Spending.allowed(key, backend)) {
                sawNotAllowed = true;
                return next(index + 1, 1, join(note, target.backend() + " not allowed for key '" + key.name() + "'"));
            }
            return spending.reserve(key, table.price(target), decision.signals(), record).compose(verdict -> {
                switch (verdict) {
                    case UNKNOWN:
                        LOG.warnf("budget of key '%s' unknown (database unavailable): %s skipped", key.name(),
                                target.backend());
                        return next(index + 1, 1, join(note, "budget of key '" + key.name()
                                + "' unknown (database unavailable), " + target.backend() + " skipped"));
                    case SPENT:
                        sawOverBudget = true;
                        if (key.refuseOverBudget()) {
                            return Future.failedFuture(Spending.overBudget(key, sawNotAllowed));
                        }
                        return next(index + 1, 1, join(note, "budget of key '" + key.name() + "' spent, "
                                + target.backend() + " skipped"));
                    default:
                        return attempt(index, attempt, note, target, backend);
                }
            });
        }

        private Future<Void> attempt(int index, int attempt, String note, Target target, Backend backend) {
            CircuitBreakers.Permit permit = breakers.tryAcquire(backend, decision.inPanic());
            if (permit == null) {
                releaseReservation();
                sawBusy = true;
                return next(index + 1, 1, join(note, target.backend() + " "
                        + (breakers.state(backend.name()) == CircuitBreakers.State.CLOSED ? "busy" : "circuit open")));
            }
            String reason = decision.reason() + (note == null ? "" : "; " + note);
            Route route = new Route(backend, target.model(), reason, decision.signals().forceBig());
            record.routed(route);
            HeldAnswer held = quality == null ? null : quality.attempt(route, request, index + 1 < decision.chain().size());
            Future<Void> forwarded = (held == null ? forwarder.forward(route, request, client, record)
                    : forwarder.forward(route, held.sent(), held, held.events()))
                    .onComplete(result -> {
                        Outcome outcome = outcome(result.cause(), response);
                        breakers.release(permit, outcome);
                        if (outcome == Outcome.SUCCESS) {
                            health.markUp(backend.name());
                        }
                    });
            if (held == null) {
                return forwarded.recover(failure -> recover(failure, index, attempt, note, target, backend));
            }
            return forwarded.transform(result -> quality.after(held, result)).transform(after -> {
                if (after.failed()) {
                    return recover(after.cause(), index, attempt, note, target, backend);
                }
                if (after.result()) {
                    return Future.succeededFuture();
                }
                var spent = held.events();
                spending.settleWasted(record, table.price(target), spent.promptTokens() >= 0 ? spent.promptTokens()
                        : decision.signals().promptTokens(), spent.completionTokens() >= 0 ? spent.completionTokens()
                        : spent.receivedText() == null ? 0 : spent.receivedText().length() / 4);
                return next(index + 1, 1, join(note, quality.note()));   // a poor answer: the next backend answers
            });
        }

        private Future<Void> recover(Throwable failure, int index, int attempt, String note, Target target,
                                     Backend backend) {
            if (!response.headWritten()) {
                releaseReservation();
            }
            if (!(failure instanceof ApiException e) || response.headWritten() || response.closed()) {
                return Future.failedFuture(failure);
            }
            return afterFailure(e, index, attempt, note, target, backend);
        }

        private Future<Void> afterFailure(ApiException e, int index, int attempt, String note, Target target,
                                          Backend backend) {
            boolean more = index + 1 < decision.chain().size();
            if (misconfigured(e)) {
                LOG.warnf("%s does not serve %s (HTTP %d: %s); check the routing file%s", target.backend(),
                        target.model(), e.status(), e.getMessage(), more ? "; trying " + decision.chain().get(index + 1) : "");
                lastFailure = RouterErrors.badGateway(backend.name(), "does not serve the model '" + target.model()
                        + "' the routing file names for it (HTTP " + e.status() + ": " + e.getMessage() + ").");
                return next(index + 1, 1, join(note, target.backend() + " does not serve " + target.model()));
            }
            if (ChatForwarder.CONTEXT_LENGTH.equals(code(e))) {
                lastFailure = e;                      // the client's if no later backend can take the prompt
                if (more) {
                    LOG.infof("%s cannot fit the prompt (%s), trying %s", target, e.getMessage(),
                            decision.chain().get(index + 1));
                }
                return next(index + 1, 1, join(note, target.backend() + " context too small"));
            }
            if (!TRY_NEXT.contains(e.status())) {
                return Future.failedFuture(e);
            }
            if (refusedForNow(e) && !ChatForwarder.GAMING_MODE.equals(code(e))) {
                sawBusy = true;
                lastBusy = e;
                retryAfter = Math.max(retryAfter, seconds(e.headers().get("Retry-After")));
                if (more) {
                    LOG.debugf("%s is busy (%d), trying %s", target, e.status(), decision.chain().get(index + 1));
                }
                return next(index + 1, 1, join(note, target.backend() + " busy"));
            }
            lastFailure = e;
            if ("backend_unreachable".equals(code(e))) {
                health.markDown(backend.name());
            } else if (attempt < backend.limits().attempts() && !refusedForNow(e)) {
                LOG.infof("%s failed (%d), attempt %d of %d", target, e.status(), attempt + 1,
                        backend.limits().attempts());
                return next(index, attempt + 1, join(note, target.backend() + " failed with " + e.status()
                        + ", retried"));
            }
            if (more) {
                LOG.infof("%s failed (%d), trying %s", target, e.status(), decision.chain().get(index + 1));
            }
            return next(index + 1, 1, join(note, "fallback after " + target.backend() + " failed with "
                    + e.status()));
        }

        /** A backend the router chose that does not know the model: the routing file is wrong, not the client. */
        private boolean misconfigured(ApiException e) {
            boolean unknownModel = e.status() == 404 || "model_not_found".equals(code(e));
            return unknownModel && !"model".equals(decision.signals().requestedKind());
        }

        private void releaseReservation() {
            spending.release(record);
        }

        private ApiException exhausted() {
            if (sawBusy) {
                return new ApiException(429, ApiError.of("Every backend that may serve this request is busy or"
                        + " cooling down after failures; try again shortly."
                        + (lastBusy == null ? "" : " " + lastBusy.getMessage())
                        + (lastFailure == null ? "" : " Last failure: " + lastFailure.getMessage()),
                        ApiError.RATE_LIMIT, null, "backends_busy"), Map.of("Retry-After", Long.toString(retryAfter)));
            }
            if (lastFailure != null && decision.inPanic()) {
                return new ApiException(503, ApiError.of(decision.panic() + " Tried anyway: "
                        + lastFailure.getMessage(), ApiError.UNAVAILABLE, null, "no_backend_available"));
            }
            if (lastFailure != null) {
                return lastFailure;
            }
            if (sawOverBudget) {
                return Spending.overBudget(key, sawNotAllowed);
            }
            if (sawNotAllowed) {
                return new ApiException(403, ApiError.of("Key '" + key.name() + "' may use only "
                        + String.join(", ", key.allowedBackends()) + ", and none of them may serve this request.",
                        ApiError.INVALID_REQUEST, null, "backend_not_allowed"));
            }
            return new ApiException(503, ApiError.of("No backend could take this request.", ApiError.UNAVAILABLE,
                    null, "no_backend_available"));
        }
    }

    private static long seconds(String retryAfter) {
        if (retryAfter == null) {
            return 1;
        }
        try {
            return Math.max(1, Math.min(3600, Long.parseLong(retryAfter.strip())));
        } catch (NumberFormatException httpDate) {
            return 1;
        }
    }

    private static String join(String note, String more) {
        return note == null ? more : note + "; " + more;
    }
}
