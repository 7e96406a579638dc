package dev.localai.router.chat;

import dev.localai.router.Complexity;
import dev.localai.router.availability.Availability;
import dev.localai.router.classifier.Classifier;
import dev.localai.router.routing.SignalReader;
import dev.localai.router.routing.RoutingTableHolder;
import dev.localai.openai.ChatCompletionRequest;
import dev.localai.router.Signals;
import dev.localai.router.routing.policy.ClassifierPlan;
import dev.localai.router.routing.policy.Decision;
import dev.localai.router.routing.policy.RoutingPolicy;
import dev.localai.router.routing.policy.RoutingTable;
import io.vertx.core.Future;
import jakarta.inject.Singleton;

import java.util.Map;

/**
 * Decides where a request may go, once: one snapshot of the routing policy in force (a reload cannot
 * pair an old table with a new decision), one reading of the house ({@link Availability}), the
 * request's signals, and the policy's decision. When the routing file has the small model label
 * complexity and the decision reaches a rule that asks for it, the model's label (within its budget,
 * cached by prompt) decides instead of the heuristic's.
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
    private final Classifier classifier;

    public Decider(RoutingTableHolder routing, SignalReader signals, Availability availability, Classifier classifier) {
        this.routing = routing;
        this.signals = signals;
        this.availability = availability;
        this.classifier = classifier;
    }

    /** @param headers request headers with lower-case names */
    public Decided decide(ChatCompletionRequest request, Map<String, String> headers) {
        RoutingPolicy policy = routing.policy();
        Decided first = decide(policy, request, headers, null);
        ClassifierPlan plan = policy.table().classifier();
        if (plan == null || !asksForComplexity(first)) {
            return first;
        }
        Complexity cached = classifier.cached(plan, SignalReader.lastUserText(first.request()), first.signals().complexity());
        return cached == null ? first : decide(policy, request, headers, cached);
    }

    /** {@link #decide}, with the small model asked first when the decision reaches a rule on complexity. */
    public Future<Decided> decideLabelled(ChatCompletionRequest request, Map<String, String> headers) {
        RoutingPolicy policy = routing.policy();
        Decided first = decide(policy, request, headers, null);
        ClassifierPlan plan = policy.table().classifier();
        if (plan == null || !asksForComplexity(first)) {
            return Future.succeededFuture(first);
        }
        return classifier.label(plan, policy.table(), SignalReader.lastUserText(first.request()),
                first.signals().complexity()).map(label -> label == first.signals().complexity() ? first
                : decide(policy, request, headers, label));
    }

    private Decided decide(RoutingPolicy policy, ChatCompletionRequest request, Map<String, String> headers,
                           Complexity labelled) {
        SignalReader.Prepared prepared = signals.read(request, headers, policy.table(), availability.now(), labelled);
        return new Decided(policy.table(), prepared.request(), prepared.signals(), policy.explain(prepared.signals()));
    }

    /** Whether the rules tried include one with a {@code complexity} condition. */
    private static boolean asksForComplexity(Decided decided) {
        if (decided.signals().complexity() == null) {
            return false;
        }
        int tried = decided.decision().rules().size();
        for (int i = 0; i < tried && i < decided.table().rules().size(); i++) {
            if (decided.table().rules().get(i).when().complexity() != null) {
                return true;
            }
        }
        return false;
    }
}
