package dev.localai.router.routing.policy;

import java.util.List;

/**
 * What the configuration says of one task type: the chain it prefers (e.g. a coder model for
 * {@code code}), whether it counts as complex, and the keywords that detect it.
 */
public record TaskType(List<String> route, boolean complex, List<String> keywords) {

    public TaskType {
        route = List.copyOf(route);
        keywords = List.copyOf(keywords);
    }
}
