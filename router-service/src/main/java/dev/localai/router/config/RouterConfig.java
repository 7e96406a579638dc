package dev.localai.router.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The router's settings under {@code router.*}. Backends are keyed by name:
 * {@code router.backends.gpu-3070.url=http://localhost:8001}.
 */
@ConfigMapping(prefix = "router")
public interface RouterConfig {

    /** The backends requests may go to, by name. */
    Map<String, Backend> backends();

    /** The backend that serves {@code auto} and requests without a model. Default: the only backend, when there is one. */
    Optional<String> defaultBackend();

    Limits limits();

    interface Limits {
        /**
         * Largest request body accepted, in bytes; larger gets 413. Default 16 MiB, enough for a long
         * chat with a few images inlined as base64.
         */
        @WithDefault("16777216")
        long maxRequestBytes();
    }

    interface Backend {
        /** Base URL of an OpenAI-compatible server; requests go to {@code <url>/v1/chat/completions}. */
        URI url();

        /** Model ids this backend serves, as the backend names them. */
        List<String> models();

        /** Sent as {@code Authorization: Bearer …} to the backend; never logged. */
        Optional<String> apiKey();

        Timeouts timeouts();
    }

    interface Timeouts {
        /** Time to open a TCP connection to the backend. Default 5 s. */
        @WithDefault("5s")
        Duration connect();

        /**
         * Longest silence from the backend before the request is given up: before the response
         * headers, and between two chunks of a stream. Default 120 s, since a GPU may need a minute
         * to load a model on first use.
         */
        @WithDefault("120s")
        Duration idle();
    }
}
