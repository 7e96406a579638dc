package dev.localai.router.routing.policy;

import java.util.List;

/**
 * A routing decision and how it was reached: every rule tried, the one that matched, every filter
 * and what it removed. {@code chain} is what will be tried, in order; it is never empty (an empty
 * chain is a 503 instead).
 */
public record Decision(List<Target> chain, String reason, String rule, List<RuleTrace> rules,
                       List<Target> ruleChain, List<FilterTrace> filters, Signals signals) {

    /** One rule tried: whether it matched, and if not, why not. */
    public record RuleTrace(String name, boolean matched, List<String> why) {
    }

    /** One filter applied after the rules: what it removed and why. */
    public record FilterTrace(String name, List<Target> removed, String why) {
    }
}
