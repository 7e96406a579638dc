package dev.localai.router.routing.policy;

import dev.localai.router.Signals;
import dev.localai.router.Target;
import dev.localai.openai.ApiError;
import dev.localai.openai.ApiException;
import dev.localai.router.Backend;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Decides where a request may go (see {@code README.md} in this package): the first rule whose
 * conditions hold gives a chain, then filters that always apply remove what the request may not
 * use: privacy tags remove every backend that leaves the house, gaming mode removes the gaming PC
 * unless forced, and backends known to be down are removed. Pure and allocation-light: no I/O,
 * safe to call on the event loop.
 */
public final class RoutingPolicy {

    private final RoutingTable table;

    public RoutingPolicy(RoutingTable table) {
        this.table = table;
    }

    public RoutingTable table() {
        return table;
    }

    /**
     * @throws ApiException 503 naming the reason when the filters leave nothing
     */
    public Decision decide(Signals signals) {
        Decision decision = explain(signals);
        if (decision.chain().isEmpty()) {
            throw new ApiException(503, ApiError.of(decision.reason(), ApiError.UNAVAILABLE, null,
                    "no_backend_available"));
        }
        return decision;
    }

    /** The full decision, also when it leaves nothing to try (then {@code reason} says why). */
    public Decision explain(Signals signals) {
        Predicate<String> available = name -> isAvailable(name, signals);
        boolean complex = signals.taskType() != null && table.taskTypes().containsKey(signals.taskType())
                && table.taskTypes().get(signals.taskType()).complex();
        List<Decision.RuleTrace> traces = new ArrayList<>();
        Rule matched = null;
        for (Rule rule : table.rules()) {
            List<String> why = rule.when().mismatches(signals, available, complex);
            traces.add(new Decision.RuleTrace(rule.name(), why.isEmpty(), why));
            if (why.isEmpty()) {
                matched = rule;
                break;
            }
        }
        List<Target> fromRule = matched == null ? List.of() : chain(matched, signals);
        List<Decision.FilterTrace> filters = new ArrayList<>();
        List<Target> chain = new ArrayList<>(fromRule);
        if (signals.tags().staysHome()) {
            filter(chain, filters, "privacy", t -> backend(t).leavesHouse(),
                    "tagged " + String.join(", ", privacyTags(signals)) + ": nothing leaves the house");
        }
        if (signals.gamingMode() && !signals.forceBig()) {
            filter(chain, filters, "gaming-mode", t -> backend(t).gamingPc(),
                    "gaming mode is on and the request is not force_big");
        }
        List<Target> allowed = List.copyOf(chain);
        filter(chain, filters, "unavailable", t -> signals.unavailable().contains(t.backend()), "backend is down");
        String ruleName = matched == null ? "none" : matched.name();
        boolean panic = chain.isEmpty() && !allowed.isEmpty();
        if (chain.isEmpty() && !panic) {
            return new Decision(List.of(), emptyReason(signals, fromRule, ruleName), ruleName, traces, fromRule,
                    filters, signals, null, null, null);
        }
        String reason = "rule " + ruleName + " (" + signals.totalTokens() + " tokens"
                + (signals.taskType() != null ? ", task " + signals.taskType() : "")
                + (filters.isEmpty() ? "" : "; filtered: " + String.join(", ", filters.stream()
                .map(Decision.FilterTrace::name).toList()))
                + (panic ? "; panic: every candidate is marked down or its circuit open ("
                + String.join(", ", allowed.stream().map(Target::backend).distinct().toList()) + "), tried anyway" : "")
                + ")";
        return new Decision(panic ? allowed : List.copyOf(chain), reason, ruleName, traces, fromRule, filters,
                signals, panic ? emptyReason(signals, fromRule, ruleName) : null, cascade(matched, signals),
                consensus(matched, signals));
    }

    /** The rule's consensus, its members through the same filters as the chain; null when fewer than two remain. */
    private ConsensusPlan consensus(Rule matched, Signals signals) {
        if (matched == null || matched.consensus() == null) {
            return null;
        }
        List<Target> members = new ArrayList<>();
        for (Target t : matched.consensus().members()) {
            Backend b = backend(t);
            boolean out = signals.tags().staysHome() && b.leavesHouse()
                    || signals.gamingMode() && !signals.forceBig() && b.gamingPc()
                    || signals.unavailable().contains(t.backend());
            if (!out) {
                members.add(t);
            }
        }
        return members.size() < Math.max(2, matched.consensus().agree()) ? null : matched.consensus().withMembers(members);
    }

    /** The rule's cascade, else the file's when the request is tagged {@code cascade}, else none. */
    private CascadePlan cascade(Rule matched, Signals signals) {
        if (matched != null && matched.cascade() != null) {
            return matched.cascade();
        }
        return signals.tags().has(CascadePlan.TAG) ? table.cascade() : null;
    }

    private boolean isAvailable(String name, Signals signals) {
        Backend backend = table.backends().get(name);
        return backend != null && !signals.unavailable().contains(name)
                && !(backend.gamingPc() && signals.gamingMode() && !signals.forceBig());
    }

    private List<Target> chain(Rule rule, Signals signals) {
        Set<Target> out = new LinkedHashSet<>();
        for (String entry : rule.route()) {
            if (RoutingTable.REQUESTED.equals(entry)) {
                if (!"auto".equals(signals.requestedKind())) {
                    out.addAll(table.expand(signals.requested()));
                }
            } else if (RoutingTable.TASK.equals(entry)) {
                TaskType task = signals.taskType() == null ? null : table.taskTypes().get(signals.taskType());
                if (task != null) {
                    task.route().forEach(e -> out.addAll(table.expand(e)));
                }
            } else {
                out.addAll(table.expand(entry));
            }
        }
        return new ArrayList<>(out);
    }

    private Backend backend(Target target) {
        return table.backends().get(target.backend());
    }

    private static void filter(List<Target> chain, List<Decision.FilterTrace> traces, String name,
                               Predicate<Target> remove, String why) {
        List<Target> removed = chain.stream().filter(remove).toList();
        if (!removed.isEmpty()) {
            chain.removeAll(removed);
            traces.add(new Decision.FilterTrace(name, removed, why));
        }
    }

    private static List<String> privacyTags(Signals signals) {
        return signals.tags().known().stream().filter(dev.localai.router.Tags.PRIVACY::contains)
                .sorted().toList();
    }

    private String emptyReason(Signals signals, List<Target> fromRule, String rule) {
        if (fromRule.isEmpty()) {
            return "No backend is configured for this request (rule " + rule + " gave an empty chain).";
        }
        List<String> why = new ArrayList<>();
        if (signals.tags().staysHome()) {
            why.add("tagged " + String.join(", ", privacyTags(signals)) + " and no local backend is available");
        }
        if (signals.gamingMode() && !signals.forceBig()
                && fromRule.stream().anyMatch(t -> backend(t).gamingPc())) {
            why.add("the gaming PC is in gaming mode (send X-Force-Big: true to use it anyway)");
        }
        List<String> down = fromRule.stream().map(Target::backend).distinct()
                .filter(signals.unavailable()::contains).toList();
        if (!down.isEmpty()) {
            why.add("down: " + String.join(", ", down));
        }
        return "No backend can take this request: " + String.join("; ", why) + ". Tried rule " + rule
                + " with " + fromRule + ".";
    }
}
