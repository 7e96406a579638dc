package dev.localai.router.chat;

import dev.localai.router.availability.Availability;
import dev.localai.router.routing.SignalReader;
import dev.localai.router.routing.RoutingTableHolder;
import dev.localai.openai.ChatCompletionRequest;
import dev.localai.router.Signals;
import dev.localai.router.routing.policy.Decision;
import dev.localai.router.routing.policy.RoutingPolicy;
import dev.localai.router.routing.policy.RoutingTable;
import jakarta.inject.Singleton;

import java.util.Map;

/**
 * Decides where a request may go, once: one snapshot of the routing policy in force (a reload cannot
 * pair an old table with a new decision), one reading of the house ({@link Availability}), the
 * request's signals, and the policy's decision.
 */
@Singleton
public class Decider {

    /**
     * A decided request.
     *
     * @param table    the routing table the decision was made on (backends, prices)
     * @param request  the request as it is forwarded: known {@code #tags} and the {@code tags} field removed
     */
    public record Decided(RoutingTable table, ChatCompletionRequest request, Signals signals, Decision decision) {
    }

    private final RoutingTableHolder routing;
    private final SignalReader signals;
    private final Availability availability;

    public Decider(RoutingTableHolder routing, SignalReader signals, Availability availability) {
        this.routing = routing;
        this.signals = signals;
        this.availability = availability;
    }

    /** @param headers request headers with lower-case names */
    public Decided decide(ChatCompletionRequest request, Map<String, String> headers) {
        RoutingPolicy policy = routing.policy();
        SignalReader.Prepared prepared = signals.read(request, headers, policy.table(), availability.now());
        return new Decided(policy.table(), prepared.request(), prepared.signals(), policy.explain(prepared.signals()));
    }
}
