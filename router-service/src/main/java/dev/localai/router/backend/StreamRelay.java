package dev.localai.router.backend;

import dev.localai.router.client.ClientWriter;

import dev.localai.router.RouterErrors;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.localai.openai.ApiError;
import dev.localai.openai.sse.SseEvent;
import dev.localai.openai.sse.SseFormatException;
import dev.localai.openai.sse.SseReader;
import dev.localai.openai.ApiException;
import dev.localai.router.Route;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.util.List;

/**
 * Relays one backend event stream to the client, event by event as each arrives, never buffering
 * the whole stream. Each event is read whole (an SSE event may span several network reads) and its
 * JSON checked before it is passed on, so a client never receives half an event or garbage.
 *
 * <p>The client's headers go out with the first event, not before: until then nothing is
 * committed. The stream always ends cleanly for the client: the backend's {@code [DONE]} is passed
 * on, and if the backend instead breaks off, goes silent past the idle timeout, or sends an event
 * that is not JSON, the client gets an OpenAI-style error event ({@code data: {"error": …}})
 * followed by {@code data: [DONE]}. Backpressure: when the client reads slowly, the backend
 * connection is paused until the client's buffer drains.
 */
final class StreamRelay {

    /** Turns a backend's own stream events into OpenAI chunk event data (Anthropic's Messages stream). */
    interface Translator {
        /** The OpenAI chunks (JSON texts) for one backend event, often none. */
        List<String> translate(SseEvent event) throws IOException;

        /** True once the backend's stream is complete (it has no [DONE] of its own). */
        boolean finished();
    }

    private static final Logger LOG = Logger.getLogger(StreamRelay.class);

    private final Route route;
    private final HttpClientRequest upstream;
    private final HttpClientResponse response;
    private final ClientWriter client;
    private final HttpServerResponse downstream;
    private final ObjectMapper json;
    private final Promise<Void> done = Promise.promise();
    private final SseReader reader;
    private final ExchangeTimer timer;
    private final ExchangeEvents record;
    private final Translator translator;
    private boolean started;
    private boolean finished;

    StreamRelay(Route route, HttpClientRequest upstream, HttpClientResponse response, ClientWriter client,
                ObjectMapper json, ExchangeTimer timer, ExchangeEvents record, Translator translator) {
        this.record = record;
        this.translator = translator;
        this.route = route;
        this.upstream = upstream;
        this.response = response;
        this.client = client;
        this.downstream = client.response();
        this.json = json;
        this.reader = new SseReader(this::onEvent);
        this.timer = timer;
    }

    Future<Void> run() {
        response.handler(this::onBytes);
        response.endHandler(end -> {
            if (!finished) {
                fail("ended its stream without [DONE]", null, null);
            }
        });
        response.exceptionHandler(e -> {
            if (!finished) {
                fail(timer.reason() != null ? timer.reason() : "broke off the stream", e,
                        timer.reason() != null ? RouterErrors.gatewayTimeout(route.backend().name(), timer.reason() + ".")
                                : null);
            }
        });
        downstream.closeHandler(gone -> {
            if (!finished) {
                finished = true;
                timer.cancel();
                upstream.reset();
                record.partial("the client closed the stream before its end");
                LOG.debugf("client left a stream from %s; backend request cancelled", route.backend().name());
                done.tryComplete();
            }
        });
        client.onCancel(this::cancel);
        return done.future();
    }

    /** The writer dropped the answer (a quality cascade found it poor): the backend request ends, quietly. */
    private void cancel() {
        if (!finished) {
            finished = true;
            timer.cancel();
            upstream.reset();
            done.tryComplete();
        }
    }

    private void onBytes(Buffer bytes) {
        if (finished) {
            return;
        }
        timer.heard();
        try {
            reader.feed(bytes.getBytes());
        } catch (SseFormatException e) {
            fail("sent an event stream that cannot be read (" + e.getMessage() + ")", null, null);
        }
    }

    private void onEvent(SseEvent event) {
        if (finished) {
            return;
        }
        if (translator != null) {
            translated(event);
            return;
        }
        if (event.isDone()) {
            finish();
            return;
        }
        JsonNode chunk = parseEvent(event.data());
        if (chunk == null) {
            fail("sent a stream event that is not JSON", null, null);
            return;
        }
        account(chunk);
        write(event.data());
    }

    /** One OpenAI chunk to the client; the head (who served, why) goes out with the first. */
    private void write(String chunk) {
        if (!started) {
            started = true;
            record.firstByte();
            RouterHeaders.apply(downstream, route);
        }
        client.chunk(chunk);
        if (downstream.writeQueueFull()) {
            response.pause();
            downstream.drainHandler(drained -> response.resume());
        }
    }

    /**
     * Drops the backend request. If the client has had nothing yet, the relay fails with a
     * {@link ApiException} so the caller can still answer with a proper status; otherwise the
     * client's stream ends with an error event and [DONE], and the relay fails all the same (with
     * the response already ended), so that a broken stream counts against the backend.
     */
    private void fail(String what, Throwable cause, ApiException beforeStart) {
        if (finished) {
            return;
        }
        LOG.warnf("backend %s %s", route.backend().name(), what);
        if (!started) {
            finished = true;
            timer.cancel();
            upstream.reset();
            done.tryFail(beforeStart != null ? beforeStart
                    : cause != null ? ChatForwarder.exchangeFailure(route.backend(), cause, timer)
                    : RouterErrors.badGateway(route.backend().name(), what + "."));
            return;
        }
        finished = true;                 // before anything below can re-enter through a handler
        timer.cancel();
        record.partial("backend " + route.backend().name() + " " + what);
        ApiError error = ApiError.of("Backend '" + route.backend().name() + "' " + what + ".",
                ApiError.UPSTREAM_ERROR, null, "backend_stream_error");
        client.streamError(error);
        upstream.reset();
        done.tryFail(new ApiException(502, error));   // the client's stream is closed; this tells the breaker
    }

    private void finish() {
        finished = true;
        timer.cancel();
        client.endStream();
        done.tryComplete();
    }

    private void translated(SseEvent event) {
        List<String> chunks;
        try {
            chunks = translator.translate(event);
        } catch (dev.localai.openai.anthropic.AnthropicStreamException e) {
            fail("reported an error in its stream: " + e.openAi().body().error().message(), null, null);
            return;
        } catch (IOException | RuntimeException e) {
            fail("sent a stream event that cannot be read (" + e.getMessage() + ")", null, null);
            return;
        }
        for (String chunk : chunks) {
            JsonNode tree = parseEvent(chunk);
            if (tree != null) {
                account(tree);
            }
            write(chunk);
        }
        if (translator.finished()) {
            finish();
        }
    }

    /** One event's JSON, or null when it is not exactly one JSON value. */
    private JsonNode parseEvent(String data) {
        try (JsonParser parser = json.getFactory().createParser(data)) {
            JsonNode tree = json.readTree(parser);
            return tree == null || parser.nextToken() != null ? null : tree;
        } catch (IOException e) {
            return null;
        }
    }

    private void account(JsonNode chunk) {
        JsonNode usage = chunk.get("usage");
        if (usage != null && usage.isObject()) {
            record.usage(usage);
        }
        JsonNode choices = chunk.get("choices");
        if (choices != null) {
            for (JsonNode choice : choices) {
                accountMessage(choice.path("delta"), record);
            }
        }
    }

    /** The text of a message or delta that counts as completion tokens: content, reasoning, tool calls. */
    static void accountMessage(JsonNode message, ExchangeEvents record) {
        if (message.isMissingNode()) {
            return;
        }
        JsonNode content = message.get("content");
        if (content != null && content.isTextual()) {
            record.content(content.asText());
        }
        JsonNode reasoning = message.get("reasoning_content");
        if (reasoning != null && reasoning.isTextual()) {
            record.content(reasoning.asText());
        }
        JsonNode calls = message.get("tool_calls");
        if (calls != null) {
            for (JsonNode call : calls) {
                JsonNode function = call.path("function");
                if (function.path("name").isTextual()) {
                    record.content(function.path("name").asText());
                }
                if (function.path("arguments").isTextual()) {
                    record.content(function.path("arguments").asText());
                }
            }
        }
    }
}
