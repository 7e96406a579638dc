package dev.localai.opencode.config;

import dev.localai.opencode.TestConfigs;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading {@code opencode.models.*}: names, targets, and mistakes named by their key path. */
class ServedModelsTest {

    @Test
    void aModelIsServedUnderItsNameOrItsKey() {
        ServedModels models = new ServedModels(TestConfigs.bridge(Map.of(
                "opencode.models.glm.name", "glm-4.7", "opencode.models.glm.target", "zai-coding-plan/glm-4.7",
                "opencode.models.sonnet.target", "anthropic/claude-sonnet-4-5")));

        assertEquals(List.of("glm-4.7", "sonnet"), models.names());
        assertEquals("zai-coding-plan", models.find("glm-4.7").orElseThrow().providerId());
        assertEquals("claude-sonnet-4-5", models.find("sonnet").orElseThrow().modelId());
        assertTrue(models.find("GLM-4.7").isEmpty(), "names are exact");
    }

    @Test
    void anEnvironmentVariableMovesAModelToAnotherTarget() {
        ServedModels models = new ServedModels(TestConfigs.bridge(Map.of(
                "opencode.models.glm.name", "glm-4.7", "opencode.models.glm.target", "zai-coding-plan/glm-4.7"),
                Map.of("OPENCODE_MODELS_GLM_TARGET", "home/demo-tiny")));

        assertEquals("home/demo-tiny", models.find("glm-4.7").orElseThrow().target());
    }

    @Test
    void aTargetThatIsNotProviderSlashModelIsNamedByItsKeyPath() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ServedModels(
                TestConfigs.bridge(Map.of("opencode.models.glm.target", "glm-4.7"))));
        assertTrue(e.getMessage().contains("opencode.models.glm.target: 'glm-4.7' is not provider/model"), e.getMessage());
    }

    @Test
    void twoKeysServingOneNameAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ServedModels(
                TestConfigs.bridge(Map.of("opencode.models.a.name", "same", "opencode.models.a.target", "p/a",
                        "opencode.models.b.name", "same", "opencode.models.b.target", "p/b"))));
        assertTrue(e.getMessage().contains("opencode.models.b.name: 'same' is served twice"), e.getMessage());
    }
}
