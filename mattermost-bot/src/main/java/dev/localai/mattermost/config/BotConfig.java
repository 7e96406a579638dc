package dev.localai.mattermost.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code mattermost.*}: where the bot connects, who may use its control commands, and how it talks to the gaming PC
 * and the router. The names a user sets in a shell, compose or k3s are the environment variables
 * {@code MATTERMOST_URL}, {@code MATTERMOST_TOKEN}, {@code GAMING_PC_URL}, {@code GAMING_PC_TOKEN} and
 * {@code ROUTER_URL} (see {@code application.properties}).
 */
@ConfigMapping(prefix = "mattermost")
public interface BotConfig {

    /** The Mattermost server's base URL ({@code MATTERMOST_URL}), e.g. {@code https://chat.example.com}; absent: the bot does not connect. */
    Optional<URI> url();

    /** The bot account's access token ({@code MATTERMOST_TOKEN}); absent: the bot does not connect. */
    Optional<String> token();

    /** Who may use control commands (gaming mode on/off, stop-all): usernames or user ids; absent (default): everyone. */
    Optional<Set<String>> allowedUsers();

    /** Where control commands may be used: channel names or ids; absent (default): every channel and direct message. */
    Optional<Set<String>> allowedChannels();

    /** Threads that handle posts and slash commands; default 4. */
    @WithDefault("4")
    int workers();

    WebSocket websocket();

    Chat chat();

    Slash slash();

    GamingPc gamingPc();

    Router router();

    /** {@code mattermost.websocket.*}: the event stream. */
    interface WebSocket {

        /** How often the app-level {@code ping} is sent; a ping still unanswered at the next one means a dead socket; default 30s (as Mattermost's own client). */
        @WithDefault("30s")
        Duration pingInterval();

        /** Connecting and the WebSocket handshake must finish within this; default 10s. */
        @WithDefault("10s")
        Duration connectTimeout();

        /** Without a {@code hello} this long after a fresh connect, the bot also sends the {@code authentication_challenge}; default 3s. */
        @WithDefault("3s")
        Duration helloTimeout();

        /** The first wait before reconnecting; it doubles after each failed attempt; default 1s. */
        @WithDefault("1s")
        Duration reconnectInitial();

        /** The longest wait before reconnecting; default 60s. Each wait is drawn between half and all of it (jitter). */
        @WithDefault("60s")
        Duration reconnectMax();
    }

    /** {@code mattermost.chat.*}: chats through the router, streamed into one edited post. */
    interface Chat {

        /** The model asked of the router; default {@code auto} (the router chooses). */
        @WithDefault("auto")
        String model();

        /** A system message put first; absent (default): none. */
        Optional<String> systemPrompt();

        /** Earlier messages of the thread sent along; default 20. */
        @WithDefault("20")
        int historyMessages();

        /** The post is edited at most this often while tokens arrive; default 1s. */
        @WithDefault("1s")
        Duration editInterval();

        /** To connect to the router; default 5s. */
        @WithDefault("5s")
        Duration connectTimeout();

        /** From sending the chat to its first byte (a GPU may load a model first); default 150s. */
        @WithDefault("150s")
        Duration firstTokenTimeout();

        /** The longest silence between two pieces of a stream; default 60s. */
        @WithDefault("60s")
        Duration gapTimeout();

        /** The whole answer; default 10m. */
        @WithDefault("10m")
        Duration totalTimeout();
    }

    /** {@code mattermost.slash.*}: the outgoing slash command endpoint ({@code POST /slash}). */
    interface Slash {

        /** The tokens Mattermost shows for the custom slash command(s), one per team; absent (default): the endpoint refuses every call. */
        Optional<List<String>> tokens();

        /** A command that takes longer answers "working on it" and posts its result to the {@code response_url}; default 2s (Mattermost waits 3 s). */
        @WithDefault("2s")
        Duration inlineWait();
    }

    /** {@code mattermost.gaming-pc.*}: gaming-pc-manager (timeouts, retry and breaker: see {@code application.properties}). */
    interface GamingPc {

        /** Its base URL ({@code GAMING_PC_URL}); default {@code http://localhost:8003}. */
        @WithDefault("http://localhost:8003")
        URI url();

        /** Its {@code gaming-pc.token} ({@code GAMING_PC_TOKEN}), sent as a bearer token; absent (default): none. */
        Optional<String> token();
    }

    /** {@code mattermost.router.*}: router-service. */
    interface Router {

        /** Its base URL ({@code ROUTER_URL}); default {@code http://localhost:8000}. */
        @WithDefault("http://localhost:8000")
        URI url();

        /** A router client key (or its admin key, which {@code /api/savings} needs when set); absent (default): none. */
        Optional<String> key();

        /** The routing file's name of the 3070 backend; default {@code gpu-3070}. */
        @WithDefault("gpu-3070")
        String smallBackend();

        /** The routing file's name of the 3090 backend; default {@code gaming-pc}. */
        @WithDefault("gaming-pc")
        String bigBackend();

        /** The routing file's name of the OpenCode backend; default {@code opencode}. */
        @WithDefault("opencode")
        String opencodeBackend();
    }
}
