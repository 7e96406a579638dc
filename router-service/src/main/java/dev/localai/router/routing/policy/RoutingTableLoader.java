package dev.localai.router.routing.policy;

import dev.localai.router.Price;
import dev.localai.router.Target;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.localai.router.Backend;
import dev.localai.router.WakeOnLan;
import dev.localai.router.BackendLimits;

import java.net.URI;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Files;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the routing YAML (backends, aliases, task types, rules) into a {@link RoutingTable}.
 * {@code ${NAME}} and {@code ${NAME:default}} are replaced from the environment first, so secrets and
 * addresses stay out of the file. Every problem is reported with its key path
 * ({@code rules[2].route[1]: unknown backend or alias 'gpu3070'}), all at once.
 */
public final class RoutingTableLoader {

    /** Thrown with every problem found; the message lists them one per line. */
    public static final class InvalidRoutingConfig extends RuntimeException {
        private final List<String> problems;

        InvalidRoutingConfig(List<String> problems) {
            super("Invalid routing configuration:\n  " + String.join("\n  ", problems), null, false, false);
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::([^}]*))?}");
    private static final Set<String> CONDITIONS = Set.of("requested", "alias", "tags", "tokens-from", "tokens-below",
            "task-type", "complex-task", "gaming-mode", "force-big", "background", "available", "header", "complexity");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Function<String, String> env;
    private final List<String> problems = new ArrayList<>();

    private RoutingTableLoader(Function<String, String> env) {
        this.env = env;
    }

    public static RoutingTable load(String yaml, Function<String, String> env) {
        return new RoutingTableLoader(env).parse(yaml);
    }

    private RoutingTable parse(String yaml) {
        JsonNode root;
        try {
            root = YAML.readTree(interpolate(yaml));
        } catch (Exception e) {
            throw new InvalidRoutingConfig(List.of("not valid YAML: " + e.getMessage().lines().findFirst().orElse("")));
        }
        if (root == null || !root.isObject()) {
            throw new InvalidRoutingConfig(List.of("(root): expected a mapping with backends, aliases, task-types, rules"));
        }
        Map<String, Backend> backends = backends(root.path("backends"));
        Map<String, List<String>> aliases = new LinkedHashMap<>();
        root.path("aliases").fields().forEachRemaining(e ->
                aliases.put(e.getKey(), strings(e.getValue(), "aliases." + e.getKey())));
        RoutingTable partial = new RoutingTable(backends, aliases, Map.of(), List.of(), Map.of());
        // An alias may share a backend's name (gaming-pc, opencode): aliases are whole model names,
        // backends only ever appear as the prefix of backend/model.
        aliases.forEach((name, entries) -> checkEntries(partial, entries, "aliases." + name, false));
        Map<String, TaskType> tasks = new LinkedHashMap<>();
        root.path("task-types").fields().forEachRemaining(e -> {
            String path = "task-types." + e.getKey();
            List<String> route = strings(e.getValue().path("route"), path + ".route");
            checkEntries(partial, route, path + ".route", false);
            tasks.put(e.getKey(), new TaskType(route, e.getValue().path("complex").asBoolean(false),
                    strings(e.getValue().path("keywords"), path + ".keywords")));
        });
        CascadePlan cascade = root.has("cascade") ? cascade(partial, root.path("cascade"), "cascade", "tag cascade") : null;
        ClassifierPlan classifier = root.has("complexity") ? classifier(partial, root.path("complexity")) : null;
        List<Rule> rules = new ArrayList<>();
        JsonNode ruleNodes = root.path("rules");
        if (!ruleNodes.isArray() || ruleNodes.isEmpty()) {
            problems.add("rules: expected a list with at least one rule");
        }
        for (int i = 0; i < ruleNodes.size(); i++) {
            rules.add(rule(partial, ruleNodes.get(i), "rules[" + i + "]"));
        }
        Map<Target, Price> prices = prices(root.path("backends"), backends);
        if (!problems.isEmpty()) {
            throw new InvalidRoutingConfig(problems);
        }
        return new RoutingTable(backends, aliases, tasks, rules, prices, cascade, classifier);
    }

    /** {@code consensus: {members: [backend/model or alias, ...], agree: 2}}; aliases expand to their targets. */
    private ConsensusPlan consensus(RoutingTable partial, JsonNode node, String path, String rule) {
        node.fieldNames().forEachRemaining(f -> {
            if (!Set.of("members", "agree").contains(f)) {
                problems.add(path + "." + f + ": unknown (members, agree)");
            }
        });
        List<String> entries = strings(node.path("members"), path + ".members");
        checkEntries(partial, entries, path + ".members", false);
        List<Target> members = new ArrayList<>();
        entries.forEach(e -> partial.expand(e).stream().filter(t -> !members.contains(t)).forEach(members::add));
        int agree = node.path("agree").asInt(2);
        if (members.size() < 2) {
            problems.add(path + ".members: name at least two members");
        }
        if (agree < 2 || agree > Math.max(2, members.size())) {
            problems.add(path + ".agree: between 2 and the number of members (" + members.size() + "), not "
                    + node.path("agree").asText());
        }
        return new ConsensusPlan(rule, members, agree);
    }

    /** {@code complexity: {model: small, budget: 200ms}}: the small model that labels complexity. */
    private ClassifierPlan classifier(RoutingTable partial, JsonNode node) {
        node.fieldNames().forEachRemaining(f -> {
            if (!Set.of("model", "budget").contains(f)) {
                problems.add("complexity." + f + ": unknown (model, budget)");
            }
        });
        String model = node.path("model").asText("");
        List<Target> targets = model.isEmpty() ? List.of() : partial.expand(model);
        if (targets.isEmpty()) {
            problems.add("complexity.model: name the labelling model (a backend/model or an alias), not '" + model + "'");
            return null;
        }
        return new ClassifierPlan(targets.get(0), duration(node.path("budget"), "200ms", "complexity.budget"));
    }

    private static final Set<String> CASCADE_KEYS = Set.of("judges", "threshold", "max-attempts", "hold", "judge");

    /**
     * {@code cascade: {judges: [checks, logprobs, confidence, judge], threshold: 0.5, max-attempts: 2,
     * hold: {tokens: 32, time: 400ms}, judge: {model: small, budget: 2s}}}; unset keys take
     * {@link CascadePlan#BUILT_IN}'s.
     */
    private CascadePlan cascade(RoutingTable partial, JsonNode node, String path, String source) {
        CascadePlan d = CascadePlan.BUILT_IN;
        if (!node.isObject()) {
            problems.add(path + ": expected a mapping (judges, threshold, max-attempts, hold, judge)");
            return null;
        }
        node.fieldNames().forEachRemaining(f -> {
            if (!CASCADE_KEYS.contains(f)) {
                problems.add(path + "." + f + ": unknown (judges, threshold, max-attempts, hold, judge)");
            }
        });
        List<String> judges = node.has("judges") ? strings(node.path("judges"), path + ".judges") : d.judges();
        if (judges.isEmpty()) {
            problems.add(path + ".judges: name at least one of checks, logprobs, confidence, judge");
        }
        for (int i = 0; i < judges.size(); i++) {
            if (!CascadePlan.JUDGES.contains(judges.get(i))) {
                problems.add(path + ".judges[" + i + "]: unknown judge '" + judges.get(i)
                        + "' (checks, logprobs, confidence, judge)");
            }
        }
        double threshold = node.path("threshold").asDouble(d.threshold());
        if (node.has("threshold") && (!node.path("threshold").isNumber() || threshold < 0 || threshold > 1)) {
            problems.add(path + ".threshold: a number from 0 to 1, not " + node.path("threshold").asText());
        }
        int attempts = node.path("max-attempts").asInt(d.maxAttempts());
        if (node.has("max-attempts") && (!node.path("max-attempts").canConvertToInt() || attempts < 1 || attempts > 10)) {
            problems.add(path + ".max-attempts: between 1 and 10, not " + node.path("max-attempts").asText());
        }
        JsonNode hold = node.path("hold");
        hold.fieldNames().forEachRemaining(f -> {
            if (!Set.of("tokens", "time").contains(f)) {
                problems.add(path + ".hold." + f + ": unknown (tokens, time)");
            }
        });
        int holdTokens = hold.path("tokens").asInt(d.holdTokens());
        if (hold.has("tokens") && (!hold.path("tokens").canConvertToInt() || holdTokens < 1 || holdTokens > 4096)) {
            problems.add(path + ".hold.tokens: between 1 and 4096, not " + hold.path("tokens").asText());
        }
        Duration holdTime = hold.has("time") ? duration(hold.path("time"), "400ms", path + ".hold.time") : d.holdTime();
        CascadePlan.JudgeModel judge = null;
        if (judges.contains(CascadePlan.JUDGE)) {
            JsonNode j = node.path("judge");
            String model = j.path("model").asText("");
            List<Target> targets = model.isEmpty() ? List.of() : partial.expand(model);
            if (targets.isEmpty()) {
                problems.add(path + ".judge.model: name the judge model (a backend/model or an alias), not '" + model + "'");
            } else {
                judge = new CascadePlan.JudgeModel(targets.get(0),
                        duration(j.path("budget"), "2s", path + ".judge.budget"));
            }
        } else if (node.has("judge")) {
            problems.add(path + ".judge: set, but 'judge' is not one of the judges");
        }
        return new CascadePlan(source, judges, threshold, attempts, holdTokens, holdTime, judge);
    }

    private Map<String, Backend> backends(JsonNode node) {
        Map<String, Backend> out = new LinkedHashMap<>();
        if (!node.isObject() || node.isEmpty()) {
            problems.add("backends: configure at least one backend");
            return out;
        }
        node.fields().forEachRemaining(e -> {
            String path = "backends." + e.getKey();
            JsonNode b = e.getValue();
            URI url = null;
            try {
                url = URI.create(b.path("url").asText(""));
                if (!Set.of("http", "https").contains(String.valueOf(url.getScheme())) || url.getHost() == null) {
                    problems.add(path + ".url: not an http(s) URL: '" + b.path("url").asText("") + "'");
                }
            } catch (IllegalArgumentException bad) {
                problems.add(path + ".url: not a URL: '" + b.path("url").asText("") + "'");
            }
            String location = b.path("location").asText("home").toLowerCase(Locale.ROOT);
            if (!Set.of("home", "cloud").contains(location)) {
                problems.add(path + ".location: 'home' or 'cloud', not '" + location + "'");
            }
            List<String> models = strings(b.path("models"), path + ".models");
            if (models.isEmpty()) {
                problems.add(path + ".models: name at least one model");
            }
            String type = b.path("type").asText(Backend.OPENAI).toLowerCase(Locale.ROOT);
            if (!Set.of(Backend.OPENAI, Backend.ANTHROPIC).contains(type)) {
                problems.add(path + ".type: 'openai' or 'anthropic', not '" + type + "'");
            }
            String key = b.path("api-key").asText("");
            String source = key.isBlank() ? "none" : "routing file";
            if (b.hasNonNull("api-key-file") && !b.path("api-key-file").asText("").isBlank()) {
                Path file = Path.of(b.path("api-key-file").asText());
                try {
                    key = Files.readString(file).strip();
                    source = "secret file";
                } catch (IOException | RuntimeException unreadable) {
                    problems.add(path + ".api-key-file: cannot be read: " + file);
                }
            }
            Map<String, String> headers = new LinkedHashMap<>();
            b.path("headers").fields().forEachRemaining(h -> headers.put(h.getKey(), h.getValue().asText()));
            out.put(e.getKey(), new Backend(e.getKey(), url, models, key.isBlank() ? Optional.empty() : Optional.of(key),
                    limits(b, path), "cloud".equals(location), b.path("gaming-pc").asBoolean(false), type, headers,
                    source, wakeOnLan(b.path("wake-on-lan"), path + ".wake-on-lan")));
        });
        return out;
    }

    /**
     * {@code price: {input, output}} on a backend is its default (key {@code backend/*}); entries of
     * {@code model-prices: {model: {input, output}}} override it per model. USD per million tokens.
     */
    private Map<Target, Price> prices(JsonNode backendNodes, Map<String, Backend> backends) {
        Map<Target, Price> out = new LinkedHashMap<>();
        backendNodes.fields().forEachRemaining(e -> {
            String path = "backends." + e.getKey();
            JsonNode price = e.getValue().path("price");
            if (!price.isMissingNode()) {
                out.put(new Target(e.getKey(), "*"), price(price, path + ".price"));
            }
            e.getValue().path("model-prices").fields().forEachRemaining(m -> {
                Backend backend = backends.get(e.getKey());
                if (backend != null && !backend.models().contains(m.getKey())) {
                    problems.add(path + ".model-prices." + m.getKey() + ": not one of this backend's models");
                }
                out.put(new Target(e.getKey(), m.getKey()), price(m.getValue(), path + ".model-prices." + m.getKey()));
            });
        });
        return out;
    }

    private Price price(JsonNode node, String path) {
        JsonNode input = node.path("input");
        JsonNode output = node.path("output");
        if (!input.isNumber() || !output.isNumber() || input.asDouble() < 0 || output.asDouble() < 0) {
            problems.add(path + ": expected {input: <USD per million tokens>, output: <USD per million tokens>}, "
                    + "both numbers >= 0");
            return Price.FREE;
        }
        return new Price(input.asDouble(), output.asDouble());
    }

    /**
     * {@code timeouts: {connect, first-token, gap, total}} ({@code idle} sets both first-token and gap),
     * {@code attempts} and {@code max-in-flight}; unset ones take {@link BackendLimits#DEFAULTS}.
     */
    private BackendLimits limits(JsonNode b, String path) {
        BackendLimits d = BackendLimits.DEFAULTS;
        JsonNode t = b.path("timeouts");
        Duration idle = t.has("idle") ? duration(t.path("idle"), "120s", path + ".timeouts.idle") : null;
        Duration firstToken = t.has("first-token") ? duration(t.path("first-token"), "120s", path + ".timeouts.first-token")
                : idle != null ? idle : d.firstToken();
        Duration gap = t.has("gap") ? duration(t.path("gap"), "30s", path + ".timeouts.gap") : idle != null ? idle : d.gap();
        Duration connect = t.has("connect") ? duration(t.path("connect"), "5s", path + ".timeouts.connect") : d.connect();
        Duration total = t.has("total") ? duration(t.path("total"), "600s", path + ".timeouts.total") : d.total();
        t.fieldNames().forEachRemaining(f -> {
            if (!Set.of("connect", "first-token", "gap", "total", "idle").contains(f)) {
                problems.add(path + ".timeouts." + f + ": unknown (connect, first-token, gap, total, idle)");
            }
        });
        int attempts = b.path("attempts").asInt(d.attempts());
        if (attempts < 1 || attempts > 10) {
            problems.add(path + ".attempts: between 1 and 10, not " + b.path("attempts").asText());
        }
        int maxInFlight = b.path("max-in-flight").asInt(d.maxInFlight());
        if (maxInFlight < 0) {
            problems.add(path + ".max-in-flight: 0 (no bound) or more, not " + maxInFlight);
        }
        int perMinute = b.path("requests-per-minute").asInt(d.requestsPerMinute());
        if (perMinute < 0) {
            problems.add(path + ".requests-per-minute: 0 (no limit) or more, not " + perMinute);
        }
        return new BackendLimits(connect, firstToken, gap, total, attempts, maxInFlight, perMinute);
    }

    /** {@code wake-on-lan: {mac, broadcast, port, wait}}; absent or an empty {@code mac}: none. */
    private Optional<WakeOnLan> wakeOnLan(JsonNode w, String path) {
        String mac = w.path("mac").asText("").strip();
        if (mac.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new WakeOnLan(WakeOnLan.parseMac(mac), w.path("broadcast").asText("255.255.255.255"),
                    w.path("port").asInt(9), duration(w.path("wait"), "90s", path + ".wait")));
        } catch (IllegalArgumentException e) {
            problems.add(path + ".mac: " + e.getMessage());
            return Optional.empty();
        }
    }

    private Rule rule(RoutingTable partial, JsonNode node, String path) {
        String name = node.path("name").asText(path);
        JsonNode when = node.path("when");
        when.fieldNames().forEachRemaining(field -> {
            if (!CONDITIONS.contains(field)) {
                problems.add(path + ".when." + field + ": unknown condition (known: " + String.join(", ",
                        CONDITIONS.stream().sorted().toList()) + ")");
            }
        });
        Conditions conditions = Conditions.ALWAYS;
        try {
            if (when.isObject()) {
                ObjectNode known = when.deepCopy();
                known.retain(CONDITIONS);           // unknown ones are reported above, once
                conditions = YAML.treeToValue(known, Conditions.class);
            } else if (!when.isMissingNode()) {
                problems.add(path + ".when: expected a mapping of conditions");
            }
        } catch (Exception e) {
            problems.add(path + ".when: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (conditions.available() != null) {
            conditions.available().stream().filter(b -> !partial.backends().containsKey(b)).forEach(b ->
                    problems.add(path + ".when.available: unknown backend '" + b + "'"));
        }
        if (conditions.complexity() != null) {
            conditions.complexity().stream().filter(c -> !dev.localai.router.Complexity.LABELS.contains(c)).forEach(c ->
                    problems.add(path + ".when.complexity: simple, medium, complex or reasoning, not '" + c + "'"));
        }
        if (conditions.requested() != null) {
            conditions.requested().stream().filter(r -> !Set.of("auto", "alias", "model").contains(r)).forEach(r ->
                    problems.add(path + ".when.requested: 'auto', 'alias' or 'model', not '" + r + "'"));
        }
        List<String> route = strings(node.path("route"), path + ".route");
        if (route.isEmpty()) {
            problems.add(path + ".route: name at least one backend/model, alias, 'requested' or 'task'");
        }
        checkEntries(partial, route, path + ".route", true);
        CascadePlan cascade = node.has("cascade") ? cascade(partial, node.path("cascade"), path + ".cascade",
                "rule " + name) : null;
        ConsensusPlan consensus = node.has("consensus") ? consensus(partial, node.path("consensus"),
                path + ".consensus", name) : null;
        return new Rule(name, conditions, route, cascade, consensus);
    }

    private void checkEntries(RoutingTable partial, List<String> entries, String path, boolean inRule) {
        for (int i = 0; i < entries.size(); i++) {
            String entry = entries.get(i);
            boolean special = inRule && (RoutingTable.REQUESTED.equals(entry) || RoutingTable.TASK.equals(entry));
            if (!special && !partial.aliases().containsKey(entry) && partial.concrete(entry).isEmpty()) {
                problems.add(path + "[" + i + "]: unknown backend/model or alias '" + entry + "'");
            }
        }
    }

    private List<String> strings(JsonNode node, String path) {
        List<String> out = new ArrayList<>();
        if (node.isMissingNode() || node.isNull()) {
            return out;
        }
        if (node.isTextual()) {
            out.add(node.asText());
        } else if (node.isArray()) {
            node.forEach(n -> out.add(n.asText()));
        } else {
            problems.add(path + ": expected a list of strings");
        }
        return out;
    }

    private Duration duration(JsonNode node, String fallback, String path) {
        String text = node.isMissingNode() ? fallback : node.asText();
        try {
            if (text.matches("\\d+ms")) {
                return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
            }
            if (text.matches("\\d+[smh]")) {
                return Duration.parse("PT" + text.toUpperCase(Locale.ROOT));
            }
            return Duration.parse(text);
        } catch (DateTimeParseException | NumberFormatException e) {
            problems.add(path + ": not a duration (e.g. 500ms, 5s, 2m): '" + text + "'");
            return fallback.endsWith("ms") ? Duration.ofMillis(Long.parseLong(fallback.substring(0, fallback.length() - 2)))
                    : Duration.parse("PT" + fallback.toUpperCase(Locale.ROOT));
        }
    }

    private String interpolate(String yaml) {
        Matcher m = VARIABLE.matcher(yaml);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = env.apply(m.group(1));
            if (value == null) {
                value = m.group(2);
            }
            if (value == null) {
                problems.add("${" + m.group(1) + "}: not set in the environment and no default given");
                value = "";
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
