package dev.localai.router.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.localai.openai.ApiError;
import dev.localai.openai.ApiException;
import dev.localai.openai.http.ApiErrors;
import dev.localai.openai.sse.SseWriter;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;

/** OpenAI's API on the wire: answers and chunks as the router has them, {@code data: [DONE]} at the end. */
public final class OpenAiClientWriter implements ClientWriter {

    private final HttpServerResponse response;
    private final ObjectMapper json;

    public OpenAiClientWriter(HttpServerResponse response, ObjectMapper json) {
        this.response = response;
        this.json = json;
    }

    @Override
    public HttpServerResponse response() {
        return response;
    }

    @Override
    public Future<Void> answer(Buffer completion) {
        return response.setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(completion);
    }

    @Override
    public void chunk(String chunk) {
        if (!response.headWritten()) {
            startStream(response);
        }
        response.write(SseWriter.data(chunk));
    }

    @Override
    public void streamError(ApiError error) {
        String body;
        try {
            body = json.writeValueAsString(error);
        } catch (JsonProcessingException impossible) {
            body = "{\"error\":{\"message\":\"backend stream failed\",\"type\":\"upstream_error\",\"param\":null,"
                    + "\"code\":\"backend_stream_error\"}}";
        }
        chunk(body);
        endStream();
    }

    @Override
    public void endStream() {
        if (!response.headWritten()) {
            startStream(response);
        }
        response.end(SseWriter.DONE);
    }

    @Override
    public void fail(ApiException error) {
        ApiErrors.write(response, error, json);
    }

    /** Status 200 and the event stream's headers: no caching, no proxy buffering. */
    static void startStream(HttpServerResponse response) {
        response.setStatusCode(200).setChunked(true)
                .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream; charset=utf-8")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
                .putHeader("X-Accel-Buffering", "no");
    }
}
