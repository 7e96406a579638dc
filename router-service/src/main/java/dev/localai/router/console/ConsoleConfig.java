package dev.localai.router.console;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** The web console ({@code router.console.*}). */
@ConfigMapping(prefix = "router.console")
public interface ConsoleConfig {

    /** How long a console login lasts. Default 30 days. */
    @WithDefault("30d")
    Duration sessionTtl();

    /**
     * The gaming PC manager's control token ({@code gaming-pc.token} there), sent with the console's gaming
     * mode, stop-all and model buttons. Empty (the default) when the PC's control API is open.
     */
    Optional<String> gamingPcToken();

    /** How long the console waits for a GPU service's status or control answer. Default 3 s. */
    @WithDefault("3s")
    Duration peerTimeout();

    /** The model asked for a new conversation's title (pinned to the small local GPU as a background task). Default auto. */
    @WithDefault("auto")
    String titleModel();
}
