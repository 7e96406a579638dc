package dev.localai.router.chat;

import dev.localai.openai.ApiError;
import dev.localai.openai.ApiException;
import dev.localai.router.Backend;
import dev.localai.router.Price;
import dev.localai.router.Signals;
import dev.localai.router.accounting.Budgets;
import dev.localai.router.accounting.Costing;
import dev.localai.router.accounting.LogDraft;
import dev.localai.router.accounting.RequestRecord;
import dev.localai.router.keys.ClientKey;
import io.vertx.core.Future;
import jakarta.inject.Singleton;

import java.util.Map;
import java.util.Optional;

/**
 * What a request may spend, attempt by attempt (see {@code README.md}): the key's allowed backends,
 * and for a paid attempt a reservation of its likely cost on the key's budgets before it is sent,
 * released when the attempt fails before the client got anything, settled with the real cost when
 * the request has ended. The reservation in force is the request record's.
 */
@Singleton
public class Spending {

    /** How a paid attempt stands with the key's budgets. */
    public enum Verdict { RESERVED, FREE, SPENT, UNKNOWN }

    private final Budgets budgets;
    private final Costing costing;

    public Spending(Budgets budgets, Costing costing) {
        this.budgets = budgets;
        this.costing = costing;
    }

    /** Whether the key may use the backend at all. */
    public static boolean allowed(ClientKey key, Backend backend) {
        return key == null || key.allowedBackends().isEmpty() || key.allowedBackends().contains(backend.name());
    }

    /**
     * Reserves the attempt's likely cost (prompt estimate plus {@code max_tokens}, or the default
     * completion, at {@code price}) on the key's budgets and records it; {@code FREE} when nothing
     * needs reserving, {@code SPENT} when a budget has not that much left, {@code UNKNOWN} when the
     * database cannot say.
     */
    public Future<Verdict> reserve(ClientKey key, Price price, Signals signals, RequestRecord record) {
        if (key == null || !key.hasBudget() || price.equals(Price.FREE)) {
            return Future.succeededFuture(Verdict.FREE);
        }
        double estimate = price.cost(signals.promptTokens(),
                signals.maxTokens() > 0 ? signals.maxTokens() : budgets.defaultCompletionTokens());
        return budgets.reserve(key, estimate).transform(result -> {
            if (result.failed()) {
                return Future.succeededFuture(Verdict.UNKNOWN);
            }
            Optional<Budgets.Reservation> reserved = result.result();
            if (reserved.isEmpty()) {
                return Future.succeededFuture(Verdict.SPENT);
            }
            record.reservation(reserved.get());
            return Future.succeededFuture(Verdict.RESERVED);
        });
    }

    /** The attempt failed before it cost anything: give the reservation back. */
    public void release(RequestRecord record) {
        if (record.reservation() != null) {
            budgets.release(record.reservation());
            record.reservation(null);
        }
    }

    /**
     * The request's last bytes are about to go out: its settling is queued now, ahead of anything the key
     * asks for next (see {@link Budgets#settleLater}); {@link #settle} completes it. Null without a reservation.
     */
    public io.vertx.core.Promise<LogDraft> ending(RequestRecord record) {
        return record.reservation() == null ? null : budgets.settleLater(record.reservation(), costing);
    }

    /** The request has ended: replace the reservation by what it cost, through {@code queued} when it was queued. */
    public void settle(RequestRecord record, LogDraft logged, io.vertx.core.Promise<LogDraft> queued) {
        if (queued != null) {
            queued.complete(logged);
        } else if (record.reservation() != null) {
            budgets.settle(record.reservation(), logged, costing);
        }
    }

    /**
     * A paid answer was escalated (a quality cascade found it poor): its reservation is settled now with
     * what it cost, so that the next attempt's reservation does not replace it. The request's own settling
     * leaves this waste out ({@link Budgets#settle(Budgets.Reservation, LogDraft, Costing)}).
     */
    public void settleWasted(RequestRecord record, Price price, int promptTokens, int completionTokens) {
        if (record.reservation() != null) {
            budgets.settle(record.reservation(), price.cost(promptTokens, completionTokens));
            record.reservation(null);
        }
    }

    /**
     * The consensus members this key may ask: allowed backends, and for a key with a budget only free ones
     * (members are asked at once, without the reservation each paid call needs).
     */
    public static java.util.List<dev.localai.router.Route> consensusMembers(dev.localai.router.routing.policy.Decision
            decision, dev.localai.router.routing.policy.RoutingTable table, ClientKey key) {
        java.util.List<dev.localai.router.Route> members = new java.util.ArrayList<>();
        for (dev.localai.router.Target t : decision.consensus().members()) {
            Backend b = table.backends().get(t.backend());
            if (allowed(key, b) && (key == null || !key.hasBudget() || table.price(t).equals(Price.FREE))) {
                members.add(new dev.localai.router.Route(b, t.model(), decision.reason(), decision.signals().forceBig()));
            }
        }
        return members;
    }

    /** The 429 of a key whose budget is spent and that refuses rather than going local. */
    public static ApiException overBudget(ClientKey key, boolean someBackendNotAllowed) {
        return new ApiException(429, ApiError.of("The budget of key '" + key.name() + "' is spent"
                + (someBackendNotAllowed ? "" : " and no free backend may serve this request") + ".",
                ApiError.RATE_LIMIT, null, "budget_exceeded"),
                Map.of("Retry-After", Long.toString(Budgets.secondsUntilReset(key))));
    }
}
