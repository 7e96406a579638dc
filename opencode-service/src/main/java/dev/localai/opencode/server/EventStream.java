package dev.localai.opencode.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.localai.openai.sse.SseEvent;
import dev.localai.openai.sse.SseFormatException;
import dev.localai.openai.sse.SseReader;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * One server's {@code GET /event} stream, shared by every request: OpenCode publishes all of an instance's
 * events there, and each is handed to the listener registered for its session (events of other sessions, and
 * heartbeats, are dropped). A request registers before it sends its prompt, so it sees every event of its
 * answer. When the stream ends (OpenCode stopped, the connection broke) every listener is told once, and
 * {@code onClosed} runs: the supervisor decides what happens next.
 */
public final class EventStream {

    /** Receives the events of one session, on the stream's event loop, in order. */
    public interface Listener {
        void onEvent(OpencodeEvent event);

        /** The stream ended: no further event will come for this session. */
        void onStreamLost(String reason);
    }

    private static final Logger LOG = Logger.getLogger(EventStream.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SESSION_KEY = "\"sessionID\":\"";

    private final Map<String, Listener> listeners = new ConcurrentHashMap<>();
    private final HttpClient http;
    private final Consumer<String> onClosed;
    private volatile boolean closed;
    private volatile HttpClientResponse response;

    private EventStream(Vertx vertx, Consumer<String> onClosed) {
        this.http = vertx.createHttpClient(new HttpClientOptions().setTcpNoDelay(true).setConnectTimeout(2000)
                .setKeepAlive(false));
        this.onClosed = onClosed;
    }

    /**
     * Opens the stream; the future completes once OpenCode's first event ({@code server.connected}) arrived.
     *
     * @param onClosed runs once when the stream ends for any reason other than {@link #close}
     */
    public static Future<EventStream> connect(Vertx vertx, Endpoint endpoint, Duration timeout,
                                              Consumer<String> onClosed) {
        EventStream stream = new EventStream(vertx, onClosed);
        Promise<EventStream> connected = Promise.promise();
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost(endpoint.host())
                .setPort(endpoint.port()).setURI("/event").putHeader("Accept", "text/event-stream");
        if (endpoint.authorization() != null) {
            options.putHeader("Authorization", endpoint.authorization());
        }
        long timer = vertx.setTimer(timeout.toMillis(), id -> {
            if (connected.tryFail("OpenCode's event stream did not start within " + timeout.toSeconds() + " s")) {
                stream.close("timed out");
            }
        });
        stream.http.request(options).compose(request -> request.send()).onComplete(sent -> {
            if (sent.failed()) {
                vertx.cancelTimer(timer);
                connected.tryFail(sent.cause());
                stream.close("could not connect");
                return;
            }
            HttpClientResponse response = sent.result();
            if (response.statusCode() != 200) {
                vertx.cancelTimer(timer);
                connected.tryFail("OpenCode answered GET /event with HTTP " + response.statusCode());
                stream.close("HTTP " + response.statusCode());
                return;
            }
            stream.response = response;
            SseReader reader = new SseReader(event -> {
                if (stream.dispatch(event) && connected.tryComplete(stream)) {
                    vertx.cancelTimer(timer);
                }
            });
            response.handler(chunk -> {
                try {
                    reader.feed(chunk.getBytes());
                } catch (SseFormatException e) {
                    stream.lost("OpenCode's event stream is malformed: " + e.getMessage());
                }
            });
            response.endHandler(end -> stream.lost("OpenCode ended its event stream"));
            response.exceptionHandler(e -> stream.lost("OpenCode's event stream failed: " + OpencodeApi.describe(e)));
        });
        return connected.future();
    }

    /** Events of {@code sessionId} go to {@code listener} from now on, until {@link #unregister}. */
    public void register(String sessionId, Listener listener) {
        if (closed) {
            listener.onStreamLost("OpenCode's event stream is closed");
            return;
        }
        listeners.put(sessionId, listener);
    }

    public void unregister(String sessionId) {
        listeners.remove(sessionId);
    }

    /** Sessions with a listener now. */
    public int listening() {
        return listeners.size();
    }

    public boolean isOpen() {
        return !closed;
    }

    /** Closes the stream; every listener hears {@code reason}; {@code onClosed} does not run. */
    public void close(String reason) {
        end(reason, false);
    }

    private void lost(String reason) {
        end(reason, true);
    }

    private synchronized void end(String reason, boolean notifyOwner) {
        if (closed) {
            return;
        }
        closed = true;
        HttpClientResponse current = response;
        if (current != null) {
            current.handler(null).endHandler(null).exceptionHandler(null);
            current.request().reset();
        }
        http.close();
        List<Listener> left = List.copyOf(listeners.values());
        listeners.clear();
        for (Listener listener : left) {
            try {
                listener.onStreamLost(reason);
            } catch (RuntimeException e) {
                LOG.warnf(e, "a session listener failed on the end of the event stream");
            }
        }
        if (notifyOwner) {
            onClosed.accept(reason);
        }
    }

    /**
     * Hands one event to its session's listener; true for OpenCode's {@code server.connected}. An event whose
     * session has no listener is dropped before it is parsed (OpenCode writes {@code properties.sessionID} as the
     * first session id of every session event), so other sessions' and background events cost a scan only.
     */
    private boolean dispatch(SseEvent sse) {
        String data = sse.data();
        String first = firstSessionId(data);
        if (first != null && !listeners.containsKey(first)) {
            return false;
        }
        JsonNode event;
        try {
            event = JSON.readTree(data);
        } catch (IOException e) {
            LOG.debugf("an event of OpenCode's stream is not JSON: %s", sse.data());
            return false;
        }
        String type = event.path("type").asText("");
        if ("server.connected".equals(type)) {
            return true;
        }
        JsonNode properties = event.path("properties");
        String sessionId = sessionOf(properties);
        if (sessionId == null) {
            return false;
        }
        Listener listener = listeners.get(sessionId);
        if (listener != null) {
            try {
                listener.onEvent(new OpencodeEvent(type, sessionId, properties));
            } catch (RuntimeException e) {
                LOG.warnf(e, "the listener of session %s failed on a %s event", sessionId, type);
            }
        }
        return false;
    }

    /** The value of the first {@code "sessionID":"…"} in the raw event, or null. */
    static String firstSessionId(String data) {
        int key = data.indexOf(SESSION_KEY);
        if (key < 0) {
            return null;
        }
        int start = key + SESSION_KEY.length();
        int end = data.indexOf('"', start);
        return end < 0 ? null : data.substring(start, end);
    }

    private static String sessionOf(JsonNode properties) {
        for (JsonNode candidate : List.of(properties.path("sessionID"), properties.path("info").path("sessionID"),
                properties.path("part").path("sessionID"))) {
            if (candidate.isTextual()) {
                return candidate.asText();
            }
        }
        return null;
    }
}
