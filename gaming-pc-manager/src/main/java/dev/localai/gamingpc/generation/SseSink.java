package dev.localai.gamingpc.generation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.localai.inference.Cancellation;
import dev.localai.openai.sse.SseWriter;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;

import java.io.UncheckedIOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Writes one server-sent event stream from a generation thread: {@code data: <json>} events and
 * {@code data: [DONE]}. When the client reads slower than the model writes, the generation thread waits
 * for the response to drain (it never buffers the whole stream); a cancelled stream stops writing.
 */
final class SseSink {

    private final HttpServerResponse response;
    private final ObjectMapper json;
    private final Cancellation cancellation;

    SseSink(HttpServerResponse response, ObjectMapper json, Cancellation cancellation) {
        this.response = response;
        this.json = json;
        this.cancellation = cancellation;
    }

    void open() {
        response.setStatusCode(200).setChunked(true)
                .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
    }

    void send(Object event) {
        if (event == null || cancellation.isCancelled() || response.closed()) {
            return;
        }
        awaitRoom();
        response.write(SseWriter.data(write(event)));
    }

    /** Sends an event even after a cancellation by this service (the client is still there). */
    void sendAlways(Object event) {
        if (!response.closed()) {
            response.write(SseWriter.data(write(event)));
        }
    }

    void done() {
        if (!response.ended() && !response.closed()) {
            response.end(SseWriter.DONE);
        }
    }

    private void awaitRoom() {
        if (!response.writeQueueFull()) {
            return;
        }
        CountDownLatch drained = new CountDownLatch(1);
        response.drainHandler(v -> drained.countDown());
        try {
            while (response.writeQueueFull() && !cancellation.isCancelled() && !response.closed()) {
                drained.await(100, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancellation.cancel();
        }
    }

    private String write(Object event) {
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
