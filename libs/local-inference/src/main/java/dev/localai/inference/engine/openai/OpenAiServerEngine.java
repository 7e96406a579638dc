package dev.localai.inference.engine.openai;

import dev.localai.inference.EngineKind;
import dev.localai.inference.ModelSpec;
import dev.localai.inference.engine.Engine;
import dev.localai.inference.engine.LoadException;
import dev.localai.inference.engine.LoadedModel;
import dev.localai.inference.engine.RemoteHttp;

import java.net.http.HttpClient;
import java.time.Duration;

/**
 * An OpenAI-compatible server by URL ({@code llama-server}, vLLM). With a command line configured the
 * server is started on load, supervised, and stopped on unload ({@link ServerProcess}); without one,
 * loading only checks that the server answers ({@code /health}, else {@code /v1/models}).
 */
public final class OpenAiServerEngine implements Engine {

    private static final Duration PROBE = Duration.ofSeconds(5);

    private final RemoteHttp http;

    public OpenAiServerEngine(HttpClient client) {
        this.http = new RemoteHttp(client);
    }

    @Override
    public EngineKind kind() {
        return EngineKind.OPENAI_SERVER;
    }

    @Override
    public LoadedModel load(ModelSpec spec) throws LoadException {
        if (spec.url() == null || spec.url().isBlank()) {
            throw new LoadException("no url configured for the OpenAI-compatible server of " + spec.name());
        }
        ModelSpec clean = spec.url().endsWith("/") ? withUrl(spec, spec.url().replaceAll("/+$", "")) : spec;
        if (clean.supervised()) {
            ServerProcess process = new ServerProcess(clean, http);
            process.start();
            return new OpenAiServerModel(clean, http, process);
        }
        if (http.status(clean.url() + "/health", PROBE) != 200 && http.status(clean.url() + "/v1/models", PROBE) != 200) {
            throw new LoadException("the server at " + clean.url() + " does not answer (GET /health and /v1/models failed)");
        }
        return new OpenAiServerModel(clean, http, null);
    }

    private static ModelSpec withUrl(ModelSpec s, String url) {
        return new ModelSpec(s.name(), s.engine(), s.path(), url, s.remoteModel(), s.command(), s.ctxSize(),
                s.threads(), s.slots(), s.queue(), s.memoryMb(), s.idleTtl(), s.preload(), s.embeddings(),
                s.startTimeout());
    }
}
