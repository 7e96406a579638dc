package dev.localai.router.routing.policy;

import java.util.List;

/**
 * {@code when} these conditions hold, {@code route} to this chain. A chain entry is a concrete
 * {@code backend/model}, an alias, {@code requested} (what the client named) or {@code task} (the
 * task type's preferred model). {@code cascade} (or null) scores each answer and escalates poor ones; {@code consensus}
 * (or null) asks several models first and returns what the majority says, the route being the fallback.
 */
public record Rule(String name, Conditions when, List<String> route, CascadePlan cascade, ConsensusPlan consensus) {

    public Rule {
        route = List.copyOf(route);
    }

    public Rule(String name, Conditions when, List<String> route) {
        this(name, when, route, null, null);
    }
}
