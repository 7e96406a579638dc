package dev.localai.router.routing.policy;

import dev.localai.router.Price;
import dev.localai.router.Target;
import dev.localai.router.Backend;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The routing configuration in force: backends, aliases, task types and rules, as read from the
 * YAML file and checked by {@link RoutingTableLoader}. Immutable; a reload replaces it whole. {@code cascade} is
 * what the {@code cascade} tag asks for: the file's {@code cascade} block, else {@link CascadePlan#BUILT_IN};
 * {@code classifier} is the small model that labels complexity, or null (the heuristic alone).
 */
public record RoutingTable(Map<String, Backend> backends, Map<String, List<String>> aliases,
                           Map<String, TaskType> taskTypes, List<Rule> rules, Map<Target, Price> prices,
                           CascadePlan cascade, ClassifierPlan classifier) {

    public static final String REQUESTED = "requested";
    public static final String TASK = "task";

    public RoutingTable {
        backends = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(backends));
        aliases = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(aliases));
        taskTypes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(taskTypes));
        rules = List.copyOf(rules);
        prices = Map.copyOf(prices);
        cascade = cascade == null ? CascadePlan.BUILT_IN : cascade;
    }

    public RoutingTable(Map<String, Backend> backends, Map<String, List<String>> aliases,
                        Map<String, TaskType> taskTypes, List<Rule> rules, Map<Target, Price> prices) {
        this(backends, aliases, taskTypes, rules, prices, null, null);
    }

    /** Whether any rule has a {@code complexity} condition: only then is the complexity signal read. */
    public boolean usesComplexity() {
        for (Rule rule : rules) {
            if (rule.when().complexity() != null) {
                return true;
            }
        }
        return false;
    }

    /** What a model costs; free when the configuration names no price for it or its backend. */
    public Price price(Target target) {
        return prices.getOrDefault(target, prices.getOrDefault(new Target(target.backend(), "*"), Price.FREE));
    }

    /** A concrete target for {@code backend/model}, or a bare model id some backend serves (first by name). */
    public Optional<Target> concrete(String id) {
        int slash = id.indexOf('/');
        if (slash > 0) {
            Backend backend = backends.get(id.substring(0, slash));
            String model = id.substring(slash + 1);
            if (backend != null && backend.models().contains(model)) {
                return Optional.of(new Target(backend.name(), model));
            }
        }
        return backends.values().stream().filter(b -> b.models().contains(id)).findFirst()
                .map(b -> new Target(b.name(), id));
    }

    /** The targets of a chain entry other than {@code requested}/{@code task}: an alias (recursively) or a concrete id. */
    public List<Target> expand(String entry) {
        Set<Target> out = new LinkedHashSet<>();
        expand(entry, out, new LinkedHashSet<>());
        return new ArrayList<>(out);
    }

    private void expand(String entry, Set<Target> out, Set<String> seen) {
        List<String> alias = aliases.get(entry);
        if (alias != null) {
            if (seen.add(entry)) {
                alias.forEach(e -> expand(e, out, seen));
            }
            return;
        }
        concrete(entry).ifPresent(out::add);
    }
}
