package dev.localai.opencode.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.localai.opencode.TestConfigs;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The OpenCode configuration generated from the bridge's. */
class OpencodeConfigJsonTest {

    private final BridgeConfig config = TestConfigs.bridge(Map.of(
            "opencode.models.glm.name", "glm-4.7",
            "opencode.models.glm.target", "zai-coding-plan/glm-4.7",
            "opencode.models.local.name", "local-chat",
            "opencode.models.local.target", "home/qwen",
            "opencode.models.local.max-output-tokens", "512",
            "opencode.models.local.context-window", "8192",
            "opencode.models.local.images", "true",
            "opencode.providers.home.base-url", "http://127.0.0.1:8001/v1",
            "opencode.plugins", "opencode-extra-auth@1.2.3"));
    private final JsonNode json = OpencodeConfigJson.build(config, new ServedModels(config).all(),
            "file:///data/bridge-plugin.js");

    @Test
    void theBridgeAgentHasNoToolsNoPermissionsAndIsTheDefault() {
        JsonNode agent = json.at("/agent/bridge");
        assertEquals("primary", agent.path("mode").asText());
        assertFalse(agent.at("/tools/*").asBoolean(true));
        assertEquals("deny", agent.at("/permission/*").asText());
        assertEquals("deny", json.at("/permission/*").asText());
        assertEquals("bridge", json.path("default_agent").asText());
    }

    @Test
    void nothingWritesFetchesSharesOrCompactsBehindTheClientsBack() {
        assertFalse(json.path("snapshot").asBoolean(true));
        assertFalse(json.path("autoupdate").asBoolean(true));
        assertEquals("disabled", json.path("share").asText());
        assertFalse(json.at("/compaction/auto").asBoolean(true));
    }

    @Test
    void theBridgePluginComesFirstThenTheUsersPlugins() {
        assertEquals("file:///data/bridge-plugin.js", json.at("/plugin/0").asText());
        assertEquals("opencode-extra-auth@1.2.3", json.at("/plugin/1").asText());
    }

    @Test
    void anAddedProviderListsTheServedModelsOnItWithTheirLimits() {
        JsonNode home = json.at("/provider/home");
        assertEquals("@ai-sdk/openai-compatible", home.path("npm").asText());
        assertEquals("http://127.0.0.1:8001/v1", home.at("/options/baseURL").asText());
        assertEquals("local-chat", home.at("/models/qwen/name").asText());
        assertEquals(8192, home.at("/models/qwen/limit/context").asInt());
        assertEquals(512, home.at("/models/qwen/limit/output").asInt());
        assertTrue(home.at("/models/qwen/attachment").asBoolean());
        assertEquals("[\"text\",\"image\"]", home.at("/models/qwen/modalities/input").toString());
    }

    @Test
    void opencodesOwnProvidersAreLeftAsOpencodeKnowsThem() {
        assertTrue(json.at("/provider/zai-coding-plan").isMissingNode(), json.toString());
    }

    @Test
    void theSmallModelIsTheFirstServedModelUnlessSet() {
        assertEquals("zai-coding-plan/glm-4.7", json.path("small_model").asText());
        assertEquals("zai-coding-plan/glm-4.7", json.path("model").asText());
    }
}
