package dev.localai.mattermost.websocket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.localai.mattermost.config.BotConfig;
import dev.localai.mattermost.metrics.BotMetrics;
import dev.localai.mattermost.server.Posted;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;

/**
 * The one owner of the bot's WebSocket to Mattermost ({@code GET /api/v4/websocket}, bearer header). Everything that
 * changes its state runs on one Vert.x context; readers see volatile fields. See {@code README.md} here for the
 * states and what each event does.
 */
@ApplicationScoped
public class EventStream {

    private static final Logger LOG = Logger.getLogger(EventStream.class);

    /** What the readiness check and the logs show. */
    public record Status(String state, String connectionId, long lastSeq, Instant since) {
    }

    private final Vertx vertx;
    private final BotConfig.WebSocket settings;
    private final BotMetrics metrics;
    private final SocketMessages messages;
    private final String token;
    private final URI base;
    private final Backoff backoff;

    private volatile boolean stopped;
    private volatile String state = "not started";
    private volatile String connectionId;
    private volatile long lastSeq = -1;
    private volatile Instant since = Instant.now();

    // owned by the context
    private Context context;
    private WebSocketClient client;
    private PostedListener listener;
    private WebSocket socket;
    private int generation;
    private long actionSeq;
    private long awaitingPong = -1;
    private long pingTimer = -1;
    private long helloTimer = -1;

    public EventStream(Vertx vertx, BotConfig config, BotMetrics metrics, ObjectMapper json) {
        this.vertx = vertx;
        this.settings = config.websocket();
        this.metrics = metrics;
        this.messages = new SocketMessages(json);
        this.token = config.token().map(String::trim).orElse("");
        this.base = config.url().orElse(null);
        this.backoff = new Backoff(settings.reconnectInitial(), settings.reconnectMax());
    }

    /** Connects and keeps connecting until {@link #stop()}; each checked {@code posted} event goes to {@code to}. */
    public synchronized void start(PostedListener to) {
        if (base == null || context != null || stopped) {
            return;
        }
        int connectMs = (int) Math.max(1, settings.connectTimeout().toMillis());
        context = vertx.getOrCreateContext();
        context.runOnContext(v -> {
            listener = to;
            client = vertx.createWebSocketClient(new WebSocketClientOptions().setConnectTimeout(connectMs)
                    .setMaxFrameSize(1 << 20).setMaxMessageSize(8 << 20).setClosingTimeout(2));
            connect();
        });
    }

    public Status status() {
        return new Status(state, connectionId, lastSeq, since);
    }

    private void connect() {
        if (stopped) {
            return;
        }
        boolean resume = connectionId != null && lastSeq >= 0;
        String uri = uri(resume);
        state = "connecting";
        int attempt = ++generation;
        WebSocketConnectOptions options = new WebSocketConnectOptions().setAbsoluteURI(uri)
                .addHeader("Authorization", "Bearer " + token).setTimeout(Math.max(1, settings.connectTimeout().toMillis()));
        client.connect(options).onComplete(done -> {
            if (attempt != generation || stopped) {
                if (done.succeeded()) {
                    done.result().close();
                }
            } else if (done.failed()) {
                lost("cannot connect to " + base + ": " + reason(done.cause()), false, (short) 1000);
            } else {
                opened(done.result(), attempt, resume);
            }
        });
    }

    private String uri(boolean resume) {
        String scheme = "https".equalsIgnoreCase(base.getScheme()) ? "wss" : "ws";
        String path = (base.getRawPath() == null ? "" : base.getRawPath().replaceAll("/+$", "")) + "/api/v4/websocket";
        String query = resume ? "?connection_id=" + connectionId + "&sequence_number=" + (lastSeq + 1) : "";
        int port = base.getPort() > 0 ? base.getPort() : "wss".equals(scheme) ? 443 : 80;
        return scheme + "://" + base.getHost() + ":" + port + path + query;
    }

    private void opened(WebSocket opened, int attempt, boolean resume) {
        socket = opened;
        awaitingPong = -1;
        opened.textMessageHandler(text -> {
            if (attempt == generation) {
                onMessage(text);
            }
        });
        opened.closeHandler(v -> {
            if (attempt == generation) {
                lost(opened.closeStatusCode() == null ? "the connection dropped" : "closed by Mattermost ("
                        + opened.closeStatusCode() + (opened.closeReason() == null ? "" : " " + opened.closeReason()) + ")", false,
                        (short) 1000);
            }
        });
        opened.exceptionHandler(e -> LOG.debugf("WebSocket error: %s", e.toString()));
        if (resume) {
            up("resumed connection " + connectionId + " from seq " + (lastSeq + 1));
        } else {
            helloTimer = vertx.setTimer(Math.max(1, settings.helloTimeout().toMillis()), t -> {
                if (attempt == generation && socket != null) {
                    LOG.infof("no hello within %s of connecting: sending the authentication challenge", settings.helloTimeout());
                    socket.writeTextMessage(messages.challenge(++actionSeq, token));
                }
            });
        }
        long every = Math.max(1, settings.pingInterval().toMillis());
        pingTimer = vertx.setPeriodic(every, t -> ping(attempt));
    }

    private void onMessage(String text) {
        JsonNode message = messages.parse(text);
        if (message == null) {
            LOG.debugf("not a JSON object on the WebSocket: %s", text);
            return;
        }
        if (message.has("seq_reply")) {
            if ("OK".equals(message.path("status").asText()) && message.path("seq_reply").asLong() == awaitingPong) {
                awaitingPong = -1;
                backoff.reset();
            } else if (!"OK".equals(message.path("status").asText())) {
                LOG.debugf("Mattermost refused action %d: %s", message.path("seq_reply").asLong(),
                        message.path("error").path("id").asText());
            }
            return;
        }
        String event = message.path("event").asText("");
        long seq = message.path("seq").asLong(-1);
        if ("hello".equals(event)) {
            hello(message.path("data").path("connection_id").asText(""), seq);
            return;
        }
        if (lastSeq >= 0 && seq >= 0 && seq <= lastSeq) {
            LOG.debugf("event %d again (had up to %d): skipped", seq, lastSeq);
            return;
        }
        if (lastSeq >= 0 && seq > lastSeq + 1) {
            LOG.warnf("events %d to %d did not arrive on the WebSocket: reconnecting to have them replayed",
                    lastSeq + 1, seq - 1);
            lost("sequence mismatch", true, (short) 4001);
            return;
        }
        if (seq >= 0) {
            lastSeq = seq;
        }
        backoff.reset();
        if ("posted".equals(event)) {
            Posted posted = messages.posted(message.path("data"));
            if (posted == null) {
                LOG.warnf("a posted event whose post cannot be read: %s", text);
            } else {
                listener.onPosted(posted);
            }
        }
    }

    private void hello(String newId, long seq) {
        cancel(helloTimer);
        helloTimer = -1;
        if (connectionId != null && !connectionId.equals(newId)) {
            LOG.warnf("Mattermost gave a new WebSocket connection (%s, was %s): events sent while the bot was"
                    + " disconnected were lost, so posts from that time are not answered", newId, connectionId);
            metrics.eventsLost();
        }
        connectionId = newId;
        lastSeq = Math.max(0, seq);
        backoff.reset();
        up("connection " + newId);
    }

    private void up(String what) {
        state = "connected";
        since = Instant.now();
        metrics.connected(true);
        LOG.infof("listening to Mattermost at %s over the WebSocket (%s)", base, what);
    }

    private void ping(int attempt) {
        if (attempt != generation || socket == null) {
            return;
        }
        if (awaitingPong >= 0) {
            LOG.warnf("no answer to the ping sent %s ago: the WebSocket looks dead; reconnecting", settings.pingInterval());
            lost("ping timeout", false, (short) 4000);
            return;
        }
        awaitingPong = ++actionSeq;
        socket.writeTextMessage(messages.ping(awaitingPong));
    }

    /**
     * The socket is gone, or given up on (closed with {@code code}: 4000 ping timeout, 4001 sequence mismatch, as
     * Mattermost's own client closes): reconnect after a backoff, or at once to resume a sequence gap.
     */
    private void lost(String why, boolean now, short code) {
        cancel(pingTimer);
        cancel(helloTimer);
        pingTimer = -1;
        helloTimer = -1;
        generation++;
        WebSocket old = socket;
        socket = null;
        if (old != null && !old.isClosed()) {
            old.close(code);
        }
        if ("connected".equals(state)) {
            since = Instant.now();
        }
        state = "disconnected";
        metrics.connected(false);
        if (stopped) {
            return;
        }
        Duration wait = now ? Duration.ZERO : backoff.next();
        LOG.infof("Mattermost WebSocket: %s; reconnecting in %d ms", why, wait.toMillis());
        vertx.setTimer(Math.max(1, wait.toMillis()), t -> {
            metrics.reconnecting();
            connect();
        });
    }

    private void cancel(long timer) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    private static String reason(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    @PreDestroy
    public synchronized void stop() {
        stopped = true;
        if (context != null) {
            context.runOnContext(v -> {
                generation++;
                cancel(pingTimer);
                cancel(helloTimer);
                if (socket != null && !socket.isClosed()) {
                    socket.close();
                }
                if (client != null) {
                    client.close();
                }
                metrics.connected(false);
            });
        }
        state = "stopped";
    }
}
