package dev.localai.opencode.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.localai.opencode.BridgeError;
import dev.localai.opencode.bridge.AnswerSink;
import dev.localai.openai.Usage;
import dev.localai.openai.sse.SseWriter;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;

/**
 * An answer as a server-sent event stream of {@code chat.completion.chunk}s ending in {@code data: [DONE]}. The
 * status and headers go out with the first token, not before: a failure before it is a plain HTTP error (so a
 * router can still try its next backend), one after it an error event and {@code [DONE]}.
 */
final class StreamedAnswer implements AnswerSink {

    private final HttpServerResponse response;
    private final ObjectMapper json;
    private final AnswerJson chunks;
    private final boolean includeUsage;
    private boolean first = true;

    StreamedAnswer(HttpServerResponse response, ObjectMapper json, String model, boolean includeUsage) {
        this.response = response;
        this.json = json;
        this.chunks = new AnswerJson(json, model);
        this.includeUsage = includeUsage;
    }

    @Override
    public void content(String text) {
        send("content", text);
    }

    @Override
    public void reasoning(String text) {
        send("reasoning_content", text);
    }

    @Override
    public void finish(String finishReason, Usage usage) {
        if (gone()) {
            return;
        }
        open();
        StringBuilder end = new StringBuilder(SseWriter.data(chunks.finish(finishReason)));
        if (includeUsage) {
            end.append(SseWriter.data(chunks.usageChunk(usage)));
        }
        response.end(end.append(SseWriter.DONE).toString());
    }

    @Override
    public void fail(BridgeError error) {
        if (gone()) {
            return;
        }
        if (!response.headWritten()) {
            ErrorWriter.write(response, json, error);
            return;
        }
        response.end(SseWriter.data(ErrorWriter.body(json, error)) + SseWriter.DONE);
    }

    @Override
    public void onClientGone(Runnable action) {
        response.closeHandler(closed -> action.run());
    }

    private void send(String field, String text) {
        if (gone()) {
            return;
        }
        open();
        response.write(SseWriter.data(chunks.delta(first, field, text)));
        first = false;
    }

    private void open() {
        if (!response.headWritten()) {
            response.setStatusCode(200).setChunked(true)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream; charset=utf-8")
                    .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
                    .putHeader("X-Accel-Buffering", "no");
        }
    }

    private boolean gone() {
        return response.ended() || response.closed();
    }
}
