package dev.localai.inference.engine;

import dev.localai.inference.EngineKind;
import dev.localai.inference.engine.llamacpp.LlamaCppEngine;
import dev.localai.inference.engine.ollama.OllamaEngine;
import dev.localai.inference.engine.openai.OpenAiServerEngine;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/** The engine for each {@link EngineKind}. */
public final class Engines {

    private final Map<EngineKind, Engine> byKind = new EnumMap<>(EngineKind.class);

    public Engines(Engine... engines) {
        for (Engine e : engines) {
            byKind.put(e.kind(), e);
        }
    }

    /** All three engines; the HTTP ones share one client. */
    public static Engines standard() {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        return new Engines(new LlamaCppEngine(), new OpenAiServerEngine(http), new OllamaEngine(http));
    }

    public Engine forKind(EngineKind kind) {
        Engine engine = byKind.get(kind);
        if (engine == null) {
            throw new IllegalArgumentException("no engine for " + kind.wireName());
        }
        return engine;
    }
}
