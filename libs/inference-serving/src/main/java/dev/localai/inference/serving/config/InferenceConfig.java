package dev.localai.inference.serving.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code inference.*}: the models this service serves and how it shares memory between them. */
@ConfigMapping(prefix = "inference")
public interface InferenceConfig {

    /** The {@code owned_by} of this service's models in {@code GET /v1/models}; default {@code local}. */
    @WithDefault("local")
    String ownedBy();

    /** Memory for loaded models in MB (the GPU's VRAM); default 0, unlimited. */
    @WithDefault("0")
    long memoryBudgetMb();

    /** Where a demo model is generated when a llama.cpp model names no path; default {@code .run/models}. */
    @WithDefault(".run/models")
    Path dataDir();

    /** How long a queued request waits for a slot before it gets a 503; default 60s. */
    @WithDefault("60s")
    Duration maxQueueWait();

    /** How often idle TTLs are checked; default 1s. */
    @WithDefault("1s")
    Duration reapInterval();

    /** The models, by the name clients ask for. */
    Map<String, Model> models();

    /** One model. */
    interface Model {

        /** {@code llama-cpp} (default), {@code openai-server} or {@code ollama}. */
        @WithDefault("llama-cpp")
        String engine();

        /** The GGUF file (llama-cpp). Absent: a tiny random demo model is generated into the data dir. */
        Optional<Path> path();

        /** The server's base URL without {@code /v1} (openai-server, ollama). */
        Optional<String> url();

        /** The model id on the remote server; default: this model's name. */
        Optional<String> remoteModel();

        /** openai-server only: the command line that starts the server, which is then supervised. */
        Optional<List<String>> command();

        /**
         * Context size in tokens, shared by the slots: a request gets {@code ctx-size / slots} for prompt and
         * answer, and a longer prompt is a 400 {@code context_length_exceeded}; default 2048. In-process llama.cpp
         * with several slots is given twice the KV cache, so that concurrent requests always find room.
         */
        @WithDefault("2048")
        int ctxSize();

        /** CPU threads for llama.cpp; default 1 (on a small CPU more threads are slower for small models). */
        @WithDefault("1")
        int threads();

        /** Requests served at once; default 1. */
        @WithDefault("1")
        int slots();

        /** Requests that may wait for a slot; more get a 503 with Retry-After; default 8. */
        @WithDefault("8")
        int queue();

        /** Memory the model takes when loaded, in MB, counted against the budget; default 0. */
        @WithDefault("0")
        long memoryMb();

        /** Unload after this long without a request; 0 keeps it loaded; default 10m. */
        @WithDefault("10m")
        Duration idleTtl();

        /** Load at start; default false. */
        @WithDefault("false")
        boolean preload();

        /** Serve {@code /v1/embeddings} from this model; default false. */
        @WithDefault("false")
        boolean embeddings();

        /** How long a load (or a supervised server's start) may take; default 2m. */
        @WithDefault("2m")
        Duration startTimeout();

        /** The seed of a generated demo model; default 42. */
        @WithDefault("42")
        long demoSeed();
    }
}
