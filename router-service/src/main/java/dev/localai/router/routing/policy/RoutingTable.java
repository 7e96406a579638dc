package dev.localai.router.routing.policy;

import dev.localai.router.Price;
import dev.localai.router.Target;
import dev.localai.router.Backend;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The routing configuration in force: backends, aliases, task types and rules, as read from the
 * YAML file and checked by {@link RoutingTableLoader}. Immutable; a reload replaces it whole. What a
 * chain entry or a model id stands for is worked out once, when the table is made, not per request.
 * {@code cascade} is what the {@code cascade} tag asks for: the file's {@code cascade} block, else
 * {@link CascadePlan#BUILT_IN}; {@code classifier} is the small model that labels complexity, or null (the
 * heuristic alone).
 */
public final class RoutingTable {

    public static final String REQUESTED = "requested";
    public static final String TASK = "task";

    private final Map<String, Backend> backends;
    private final Map<String, List<String>> aliases;
    private final Map<String, TaskType> taskTypes;
    private final List<Rule> rules;
    private final Map<Target, Price> prices;
    private final CascadePlan cascade;
    private final ClassifierPlan classifier;
    /** Every {@code backend/model} and bare model id some backend serves, to its target (the first backend's). */
    private final Map<String, Target> concrete;
    /** Every alias and concrete id, to what {@link #expand} gives for it. */
    private final Map<String, List<Target>> expansions;

    public RoutingTable(Map<String, Backend> backends, Map<String, List<String>> aliases,
                        Map<String, TaskType> taskTypes, List<Rule> rules, Map<Target, Price> prices) {
        this(backends, aliases, taskTypes, rules, prices, null, null);
    }

    public RoutingTable(Map<String, Backend> backends, Map<String, List<String>> aliases,
                        Map<String, TaskType> taskTypes, List<Rule> rules, Map<Target, Price> prices,
                        CascadePlan cascade, ClassifierPlan classifier) {
        this.cascade = cascade == null ? CascadePlan.BUILT_IN : cascade;
        this.classifier = classifier;
        this.backends = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(backends));
        this.aliases = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(aliases));
        this.taskTypes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(taskTypes));
        this.rules = List.copyOf(rules);
        this.prices = Map.copyOf(prices);
        Map<String, Target> ids = new HashMap<>();
        for (Backend backend : this.backends.values()) {
            for (String model : backend.models()) {
                ids.putIfAbsent(backend.name() + "/" + model, new Target(backend.name(), model));
            }
        }
        for (Backend backend : this.backends.values()) {
            for (String model : backend.models()) {
                ids.putIfAbsent(model, new Target(backend.name(), model));   // a full id wins over a bare one
            }
        }
        this.concrete = Map.copyOf(ids);
        Map<String, List<Target>> expanded = new HashMap<>();
        for (String id : ids.keySet()) {
            expanded.put(id, List.of(ids.get(id)));
        }
        for (String alias : this.aliases.keySet()) {
            Set<Target> out = new LinkedHashSet<>();
            expand(alias, out, new LinkedHashSet<>());
            expanded.put(alias, List.copyOf(out));
        }
        this.expansions = Map.copyOf(expanded);
    }

    public Map<String, Backend> backends() {
        return backends;
    }

    public Map<String, List<String>> aliases() {
        return aliases;
    }

    public Map<String, TaskType> taskTypes() {
        return taskTypes;
    }

    public List<Rule> rules() {
        return rules;
    }

    public Map<Target, Price> prices() {
        return prices;
    }

    public CascadePlan cascade() {
        return cascade;
    }

    public ClassifierPlan classifier() {
        return classifier;
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
        return Optional.ofNullable(concrete.get(id));
    }

    /**
     * The targets of a chain entry other than {@code requested}/{@code task}: an alias (recursively) or a
     * concrete id; none for anything else. The list is shared: do not change it.
     */
    public List<Target> expand(String entry) {
        return expansions.getOrDefault(entry, List.of());
    }

    private void expand(String entry, Set<Target> out, Set<String> seen) {
        List<String> alias = aliases.get(entry);
        if (alias != null) {
            if (seen.add(entry)) {
                alias.forEach(e -> expand(e, out, seen));
            }
            return;
        }
        Target target = concrete.get(entry);
        if (target != null) {
            out.add(target);
        }
    }

    @Override
    public String toString() {
        return "RoutingTable[backends=" + backends.keySet() + ", aliases=" + aliases.keySet() + ", taskTypes="
                + taskTypes.keySet() + ", rules=" + rules.size() + "]";
    }
}
