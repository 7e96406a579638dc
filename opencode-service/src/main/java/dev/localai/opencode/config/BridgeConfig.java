package dev.localai.opencode.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The bridge's settings under {@code opencode.*}: which OpenCode to run (or to use), which models it serves and
 * on which OpenCode provider and model each runs, and how requests are bounded. The OpenCode configuration
 * file is generated from these ({@link OpencodeConfigJson}); credentials stay OpenCode's own ({@link #authFile()}).
 */
@ConfigMapping(prefix = "opencode")
public interface BridgeConfig {

    /**
     * The {@code opencode} executable the bridge starts and supervises. Default {@code opencode} (from
     * {@code PATH}); the build installs the pinned one into {@code opencode-service/target/opencode}.
     */
    @WithDefault("opencode")
    String binary();

    /**
     * An OpenCode server you run yourself ({@code http://127.0.0.1:4096}); when set, nothing is started and
     * the models must exist in that server's configuration. Default: none.
     */
    Optional<URI> url();

    /** The basic-auth password of the server at {@link #url()} (user {@code opencode}). Default: none. */
    Optional<String> password();

    /** Where each start of OpenCode gets its own HOME and XDG folders. Default {@code .run/opencode}. */
    @WithDefault(".run/opencode")
    Path dataDir();

    /**
     * The user's OpenCode credentials, as {@code opencode auth login} writes them (a mounted secret in k3s);
     * copied into each start, never logged. Default {@code ~/.local/share/opencode/auth.json}; a missing file
     * means no subscription credentials.
     */
    @WithDefault("${user.home}/.local/share/opencode/auth.json")
    Path authFile();

    /** How long OpenCode may take to start and answer its health check. Default 90 s. */
    @WithDefault("90s")
    Duration startTimeout();

    Restart restart();

    Timeouts timeouts();

    /**
     * Empty sessions kept ready, so a request does not wait for OpenCode to create one (0: none). Default 2.
     */
    @WithDefault("2")
    int idleSessions();

    /** Sessions at once; above it requests get 429 with {@code Retry-After}. Default 8. */
    @WithDefault("8")
    int maxInFlight();

    /**
     * Keep OpenCode from installing npm packages at run time (it tries to add {@code @opencode-ai/plugin} to
     * its config folder at every start; the providers the bridge configures are built into the binary).
     * Set false when your {@link #plugins()} come from npm. Default true.
     */
    @WithDefault("true")
    boolean npmOffline();

    /** More OpenCode plugins (npm specs or {@code file://} URLs), e.g. for a subscription's login. Default none. */
    Optional<List<String>> plugins();

    /**
     * The served models by key: {@code opencode.models.glm.name=glm-4.7},
     * {@code opencode.models.glm.target=zai-coding-plan/glm-4.7}. The shipped defaults serve {@code glm-4.7}
     * and {@code claude-sonnet-4.5}, the names the router's routing file uses.
     */
    Map<String, Model> models();

    /**
     * Providers to add to OpenCode's own ({@code anthropic}, {@code zai-coding-plan}, … need only
     * credentials): e.g. {@code opencode.providers.local.base-url=http://127.0.0.1:8001/v1} for an
     * OpenAI-compatible server. Default none.
     */
    Map<String, Provider> providers();

    /**
     * The OpenCode model for OpenCode's own small tasks ({@code small_model}). Default: the first served
     * model's target, so OpenCode never picks another provider's.
     */
    Optional<String> smallModel();

    interface Model {
        /** The name clients send as {@code model}. Default: the key. */
        Optional<String> name();

        /** The OpenCode model it runs on, {@code provider/model}. */
        String target();

        /** The model's context window in tokens, given to OpenCode with {@link #maxOutputTokens()}. Default: unknown. */
        Optional<Integer> contextWindow();

        /** The most tokens it may answer with (OpenCode's {@code max_tokens}). Default: OpenCode's. */
        Optional<Integer> maxOutputTokens();

        /**
         * Whether it takes images, for a provider added under {@code opencode.providers} (OpenCode's own providers
         * know their models). Default false.
         */
        @WithDefault("false")
        boolean images();

        /** Its own first-token timeout (a model that thinks long). Default {@code opencode.timeouts.first-token}. */
        Optional<Duration> firstTokenTimeout();
    }

    interface Provider {
        /** The AI SDK package OpenCode talks to it with. Default {@code @ai-sdk/openai-compatible}. */
        @WithDefault("@ai-sdk/openai-compatible")
        String npm();

        /** Its display name. Default: the key. */
        Optional<String> name();

        /** Its API base URL, e.g. {@code http://127.0.0.1:8001/v1}. */
        String baseUrl();

        /** Its API key. Default: none (OpenCode sends a placeholder). */
        Optional<String> apiKey();
    }

    interface Restart {
        /** Pause before the first restart of a crashed OpenCode; it doubles after each failed one. Default 1 s. */
        @WithDefault("1s")
        Duration initialDelay();

        /** The longest pause between two restarts. Default 30 s. */
        @WithDefault("30s")
        Duration maxDelay();
    }

    interface Timeouts {
        /** From sending the prompt to the first token (text or reasoning). Default 120 s. */
        @WithDefault("120s")
        Duration firstToken();

        /** The whole answer. Default 600 s. */
        @WithDefault("600s")
        Duration total();
    }
}
