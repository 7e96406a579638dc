package dev.localai.opencode.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.localai.opencode.ServedModel;

import java.util.List;
import java.util.Map;

/**
 * The OpenCode configuration ({@code opencode.json}, https://opencode.ai/docs/config/) generated from the
 * bridge's own: the served models' providers, a plain chat agent with every tool and permission off, the
 * {@code small_model}, nothing that writes files, fetches or shares, no automatic compaction (the client owns
 * the history), and the bridge's plugin, which gives the provider the client's system prompt as sent.
 */
public final class OpencodeConfigJson {

    /** The agent every bridge session runs: no tools, no permissions, the client's system prompt only. */
    public static final String AGENT = "bridge";

    private static final ObjectMapper JSON = new ObjectMapper();

    private OpencodeConfigJson() {
    }

    /**
     * @param pluginUrl the bridge plugin's {@code file://} URL
     */
    public static ObjectNode build(BridgeConfig config, List<ServedModel> models, String pluginUrl) {
        ObjectNode root = JSON.createObjectNode();
        root.put("$schema", "https://opencode.ai/config.json");
        String first = models.get(0).target();
        root.put("model", first);
        root.put("small_model", config.smallModel().orElse(first));
        root.put("default_agent", AGENT);
        root.put("autoupdate", false);
        root.put("share", "disabled");
        root.put("snapshot", false);
        root.putObject("compaction").put("auto", false);
        root.putObject("permission").put("*", "deny");
        ObjectNode agent = root.putObject("agent").putObject(AGENT);
        agent.put("mode", "primary");
        agent.put("description", "Plain chat for the OpenCode bridge: no tools, the client's system prompt");
        agent.put("prompt", "You are a helpful assistant.");      // replaced by the client's system prompt
        agent.putObject("tools").put("*", false);
        agent.putObject("permission").put("*", "deny");
        var plugins = root.putArray("plugin").add(pluginUrl);
        config.plugins().orElse(List.of()).forEach(plugins::add);
        ObjectNode providers = root.putObject("provider");
        config.providers().forEach((id, provider) -> providers.set(id, provider(id, provider)));
        for (ServedModel model : models) {
            BridgeConfig.Model settings = settingsOf(config, model);
            ObjectNode provider = (ObjectNode) providers.get(model.providerId());
            boolean added = provider != null;
            boolean limited = settings != null && settings.maxOutputTokens().isPresent();
            if (!added && !limited) {
                continue;           // one of OpenCode's own providers, as OpenCode knows it
            }
            if (provider == null) {
                provider = providers.putObject(model.providerId());
            }
            ObjectNode entry = child(child(provider, "models"), model.modelId());
            if (added) {
                entry.put("name", model.name());
                if (settings != null && settings.images()) {
                    entry.put("attachment", true);
                    ObjectNode modalities = entry.putObject("modalities");
                    modalities.putArray("input").add("text").add("image");
                    modalities.putArray("output").add("text");
                }
            }
            if (limited) {
                entry.putObject("limit").put("context", settings.contextWindow().orElse(0))
                        .put("output", settings.maxOutputTokens().get());
            }
        }
        return root;
    }

    private static ObjectNode provider(String id, BridgeConfig.Provider provider) {
        ObjectNode node = JSON.createObjectNode();
        node.put("npm", provider.npm());
        node.put("name", provider.name().orElse(id));
        ObjectNode options = node.putObject("options");
        options.put("baseURL", provider.baseUrl());
        options.put("apiKey", provider.apiKey().orElse("unused"));
        node.putObject("models");
        return node;
    }

    private static ObjectNode child(ObjectNode parent, String name) {
        return parent.get(name) instanceof ObjectNode existing ? existing : parent.putObject(name);
    }

    private static BridgeConfig.Model settingsOf(BridgeConfig config, ServedModel model) {
        for (Map.Entry<String, BridgeConfig.Model> entry : config.models().entrySet()) {
            BridgeConfig.Model settings = entry.getValue();
            if (settings.name().orElse(entry.getKey()).strip().equals(model.name())) {
                return settings;
            }
        }
        return null;
    }
}
