package dev.localai.opencode.config;

import dev.localai.opencode.ServedModel;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The models the bridge serves, read once from {@code opencode.models.*} and checked: every target is
 * {@code provider/model}, no two keys give the same name. A mistake fails the start with the key path named
 * ({@code opencode.models.glm.target: 'glm' is not provider/model}).
 */
@ApplicationScoped
public class ServedModels {

    private final Map<String, ServedModel> byName;

    public ServedModels(BridgeConfig config) {
        this.byName = Collections.unmodifiableMap(read(config.models(), config.timeouts().firstToken()));
    }

    static Map<String, ServedModel> read(Map<String, BridgeConfig.Model> models, Duration firstToken) {
        List<String> problems = new ArrayList<>();
        Map<String, ServedModel> out = new LinkedHashMap<>();
        if (models.isEmpty()) {
            problems.add("opencode.models: no model configured");
        }
        for (Map.Entry<String, BridgeConfig.Model> entry : new TreeMap<>(models).entrySet()) {
            String key = "opencode.models." + entry.getKey();
            BridgeConfig.Model model = entry.getValue();
            String name = model.name().orElse(entry.getKey()).strip();
            String target = model.target().strip();
            int slash = target.indexOf('/');
            if (slash <= 0 || slash == target.length() - 1) {
                problems.add(key + ".target: '" + target + "' is not provider/model");
                continue;
            }
            if (name.isEmpty()) {
                problems.add(key + ".name: empty");
                continue;
            }
            ServedModel served = new ServedModel(name, target.substring(0, slash), target.substring(slash + 1),
                    model.firstTokenTimeout().orElse(firstToken));
            ServedModel before = out.putIfAbsent(name, served);
            if (before != null) {
                problems.add(key + ".name: '" + name + "' is served twice");
            }
            model.maxOutputTokens().filter(n -> n <= 0)
                    .ifPresent(n -> problems.add(key + ".max-output-tokens: must be positive, was " + n));
            model.contextWindow().filter(n -> n <= 0)
                    .ifPresent(n -> problems.add(key + ".context-window: must be positive, was " + n));
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("The OpenCode bridge's models are misconfigured: "
                    + String.join("; ", problems));
        }
        return out;
    }

    /** The served model called {@code name}, if any (names are exact, as OpenAI's are). */
    public Optional<ServedModel> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** Every served model, in the order of their keys. */
    public List<ServedModel> all() {
        return List.copyOf(byName.values());
    }

    public List<String> names() {
        return List.copyOf(byName.keySet());
    }
}
