package dev.localai.router.routing.policy;

import dev.localai.router.Signals;
import dev.localai.router.Target;
import java.util.List;

/**
 * A routing decision and how it was reached: every rule tried, the one that matched, every filter
 * and what it removed. {@code chain} is what will be tried, in order; an empty chain is a 503.
 * {@code panic} is null, unless every candidate was known to be down or its circuit open: the chain is
 * then those candidates, tried anyway (a wrong health signal must not stop everything), and
 * {@code panic} says why nothing else could serve, for the error should they all fail.
 * {@code cascade} is the quality cascade the chain is walked with (the rule's, or the file's for the
 * {@code cascade} tag), or null: the first answer is returned. {@code consensus} (or null) is asked before
 * the chain, which is then the fallback; its members are those the filters left.
 */
public record Decision(List<Target> chain, String reason, String rule, List<RuleTrace> rules,
                       List<Target> ruleChain, List<FilterTrace> filters, Signals signals, String panic,
                       CascadePlan cascade, ConsensusPlan consensus) {

    /** The same decision walked with {@code plan} as its quality cascade. */
    public Decision withCascade(CascadePlan plan) {
        return new Decision(chain, reason, rule, rules, ruleChain, filters, signals, panic, plan, consensus);
    }

    /** True when the chain is made of candidates marked down, tried anyway. */
    public boolean inPanic() {
        return panic != null;
    }

    /** One rule tried: whether it matched, and if not, why not. */
    public record RuleTrace(String name, boolean matched, List<String> why) {
    }

    /** One filter applied after the rules: what it removed and why. */
    public record FilterTrace(String name, List<Target> removed, String why) {
    }
}
