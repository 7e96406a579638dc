package dev.localai.gamingpc.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** {@code gaming-pc.*}: gaming mode, the control token, idle shutdown and game detection. */
@ConfigMapping(prefix = "gaming-pc")
public interface GamingPcConfig {

    /** The small JSON file that keeps gaming mode across restarts; default {@code .run/gaming-mode.json}. */
    @WithDefault(".run/gaming-mode.json")
    Path stateFile();

    /** The bearer token control endpoints ask for; absent (default): no token needed. */
    Optional<String> token();

    /** Whether {@code GET /status} may be read without the token; default true. */
    @WithDefault("true")
    boolean statusOpen();

    /** What happens to requests in flight when gaming mode goes on or stop-all is called. */
    @WithDefault("cancel")
    InFlight inFlight();

    Idle idle();

    Detection detection();

    /** {@code cancel}: stop them now (the client gets a "gaming mode" error); {@code finish}: let them end, then unload. */
    enum InFlight { CANCEL, FINISH }

    /** {@code gaming-pc.idle.*}: freeing the GPU when nobody uses it. */
    interface Idle {

        /** Unload every model after this long without a request; 0 disables; default 10m. */
        @WithDefault("10m")
        Duration shutdownAfter();

        /** How often idleness is checked; default 5s. */
        @WithDefault("5s")
        Duration checkInterval();

        /** A command to run once after {@link #commandAfter()} without a request (e.g. a suspend); absent (default): none. */
        Optional<List<String>> command();

        /** How long without a request before {@link #command()} runs; default 60m. */
        @WithDefault("60m")
        Duration commandAfter();
    }

    /** {@code gaming-pc.detection.*}: switching gaming mode on by itself while a game runs. */
    interface Detection {

        /** Process names (as in {@code /proc/<pid>/comm} or the executable's file name) that mean a game runs; default none. */
        Optional<List<String>> processes();

        /** Whether another process on the GPU (from {@code nvidia-smi}) means a game runs; default true. */
        @WithDefault("true")
        boolean nvidiaSmi();

        /** How often to look; default 5s. */
        @WithDefault("5s")
        Duration interval();
    }
}
