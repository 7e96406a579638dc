package dev.localai.inference3070;

import dev.localai.standins.upstream.Behaviour;
import dev.localai.standins.upstream.FakeUpstream;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The models every test of this service sees, besides {@code demo-tiny} from application.properties:
 * <ul>
 *   <li>{@code slow}: an OpenAI-compatible server (the shared {@link FakeUpstream}) that streams one
 *       character every 100 ms, with one slot and no queue, to fill the queue on purpose;</li>
 *   <li>{@code broken}: a llama.cpp model whose file is not a GGUF;</li>
 *   <li>{@code embedder}: the demo model loaded with embeddings.</li>
 * </ul>
 */
public class InferenceTestModels implements QuarkusTestResourceLifecycleManager {

    private FakeUpstream fake;

    @Override
    public Map<String, String> start() {
        fake = FakeUpstream.start().models("fake-model");
        fake.behave(Behaviour.trickle(Duration.ofMillis(100)));
        Path broken;
        try {
            Path dir = Files.createDirectories(Path.of("target", "test-models"));
            broken = Files.writeString(dir.resolve("broken.gguf"), "<html>not a model</html>");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> config = new LinkedHashMap<>();
        config.put("inference.models.slow.engine", "openai-server");
        config.put("inference.models.slow.url", fake.baseUrl());
        config.put("inference.models.slow.remote-model", "fake-model");
        config.put("inference.models.slow.slots", "1");
        config.put("inference.models.slow.queue", "0");
        config.put("inference.models.broken.path", broken.toAbsolutePath().toString());
        config.put("inference.models.embedder.embeddings", "true");
        config.put("inference.models.embedder.ctx-size", "256");
        return config;
    }

    @Override
    public void stop() {
        if (fake != null) {
            fake.close();
        }
    }
}
