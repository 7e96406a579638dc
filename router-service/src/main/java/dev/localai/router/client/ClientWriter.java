package dev.localai.router.client;

import dev.localai.openai.ApiError;
import dev.localai.openai.ApiException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/**
 * The client's side of one request, in the API the client speaks. The router always speaks
 * OpenAI inside (answers, chunks, errors); a writer turns that into what goes on the wire:
 * {@link OpenAiClientWriter} passes it on as it is, {@link AnthropicClientWriter} writes Anthropic's
 * Messages API for {@code POST /v1/messages}. Headers, the close handler and backpressure are the
 * raw {@link #response()}'s. Called on the request's event loop.
 */
public interface ClientWriter {

    HttpServerResponse response();

    /** A whole answer: OpenAI's {@code chat.completion} JSON. */
    Future<Void> answer(Buffer completion);

    /** One event of the answer's stream: an OpenAI {@code chat.completion.chunk}'s JSON. The head goes out with the first. */
    void chunk(String json);

    /** The stream broke after it started: an error event, the end of the stream, and the response ended. */
    void streamError(ApiError error);

    /** The stream is complete: its end, and the response ended. */
    void endStream();

    /** A failure before anything reached the client; nothing when the response is gone, a reset when its head is out. */
    void fail(ApiException error);

    /**
     * How to stop the backend's stream that writes here: the relay registers it, and a writer that holds
     * an answer while it is scored (a quality cascade) calls it to drop a poor one. Others ignore it.
     */
    default void onCancel(Runnable cancel) {
    }

    /** True once the stream's head went out. */
    default boolean started() {
        return response().headWritten();
    }
}
