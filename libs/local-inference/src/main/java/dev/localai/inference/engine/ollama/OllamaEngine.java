package dev.localai.inference.engine.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import dev.localai.inference.EngineKind;
import dev.localai.inference.ModelSpec;
import dev.localai.inference.engine.Engine;
import dev.localai.inference.engine.LoadException;
import dev.localai.inference.engine.LoadedModel;
import dev.localai.inference.engine.RemoteHttp;

import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;

/**
 * Ollama by URL (API: https://github.com/ollama/ollama/blob/main/docs/api.md). Loading checks that the
 * model is pulled ({@code GET /api/tags}; names match as Ollama matches them, {@code :latest} implied and
 * case ignored) and loads it with an empty {@code POST /api/generate} and {@code keep_alive: -1}, so Ollama
 * keeps it until this service unloads it ({@code keep_alive: 0}). Idle timing is this service's job, not
 * Ollama's. A failed load says why in Ollama's words (its {@code error} message and the status).
 */
public final class OllamaEngine implements Engine {

    static final Duration CALL = Duration.ofSeconds(10);

    private final RemoteHttp http;

    public OllamaEngine(HttpClient client) {
        this.http = new RemoteHttp(client);
    }

    @Override
    public EngineKind kind() {
        return EngineKind.OLLAMA;
    }

    @Override
    public LoadedModel load(ModelSpec spec) throws LoadException {
        if (spec.url() == null || spec.url().isBlank()) {
            throw new LoadException("no url configured for the Ollama server of " + spec.name());
        }
        String url = spec.url().replaceAll("/+$", "");
        String remote = spec.remoteModelOrName();
        JsonNode tags;
        try {
            tags = http.get(url + "/api/tags", CALL);
        } catch (IOException e) {
            throw new LoadException("Ollama at " + url + " does not answer: " + RemoteHttp.reason(e), e);
        }
        if (!OllamaModel.listed(tags, remote)) {
            throw new LoadException("Ollama at " + url + " has no model '" + remote + "' (ollama pull " + remote + ")");
        }
        try {
            http.post(url + "/api/generate", RemoteHttp.JSON.createObjectNode().put("model", remote).put("keep_alive", -1),
                    spec.startTimeout());
        } catch (IOException e) {
            throw new LoadException("Ollama at " + url + " could not load '" + remote + "': " + RemoteHttp.reason(e), e);
        }
        return new OllamaModel(url, remote, spec.embeddings(), http);
    }
}
