package dev.localai.router.routing.policy;

import java.util.List;

/**
 * {@code when} these conditions hold, {@code route} to this chain. A chain entry is a concrete
 * {@code backend/model}, an alias, {@code requested} (what the client named) or {@code task} (the
 * task type's preferred model).
 */
public record Rule(String name, Conditions when, List<String> route) {

    public Rule {
        route = List.copyOf(route);
    }
}
