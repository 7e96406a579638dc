package dev.localai.inference3070.rest;

import dev.localai.inference.ModelSpec;
import dev.localai.inference.engine.Engines;
import dev.localai.inference.lifecycle.InferenceListener;
import dev.localai.inference.lifecycle.ModelManager;
import dev.localai.inference3070.health.ModelsReadiness;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code GET /health} when no model can serve: 503 naming why (the 200 case is in Inference3070EndpointsTest). */
class HealthResourceTest {

    @Test
    void isUnavailableNamingTheReasonWhenEveryModelIsBroken() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "health-test"));
        Path broken = Files.writeString(dir.resolve("broken.gguf"), "not a model");
        try (ModelManager models = new ModelManager(List.of(ModelSpec.llamaCpp("only", broken)), Engines.standard(),
                ModelManager.Settings.defaults(), InferenceListener.NONE).start()) {
            try {
                models.model("only").load();
            } catch (RuntimeException expected) {
                // the model is now in error
            }
            Response answer = new HealthResource(new ModelsReadiness(models)).health();
            assertEquals(503, answer.getStatus());
            @SuppressWarnings("unchecked")
            Map<String, Object> error = (Map<String, Object>) ((Map<String, Object>) answer.getEntity()).get("error");
            assertEquals("unavailable_error", error.get("type"));
            assertTrue(error.get("message").toString().contains("only: error: not a GGUF file"), error.toString());
        }
    }
}
