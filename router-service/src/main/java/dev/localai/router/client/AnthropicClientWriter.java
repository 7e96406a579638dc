package dev.localai.router.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.localai.openai.ApiError;
import dev.localai.openai.ApiException;
import dev.localai.openai.ChatCompletion;
import dev.localai.openai.ChatCompletionChunk;
import dev.localai.openai.anthropic.AnthropicFailure;
import dev.localai.openai.anthropic.AnthropicSse;
import dev.localai.openai.anthropic.OpenAiCompletionToAnthropic;
import dev.localai.openai.anthropic.OpenAiErrorToAnthropic;
import dev.localai.openai.anthropic.OpenAiStreamToAnthropic;
import dev.localai.openai.anthropic.StreamEvent;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;

import java.io.IOException;
import java.util.List;

/**
 * Anthropic's Messages API on the wire ({@code POST /v1/messages}): the router's OpenAI answer as a
 * {@code message}, its chunks as Anthropic's named events ({@code message_start} …
 * {@code message_stop}) as each arrives, its errors as Anthropic's error body
 * (https://docs.anthropic.com/en/api/messages, /streaming, /errors).
 */
public final class AnthropicClientWriter implements ClientWriter {

    private final HttpServerResponse response;
    private final ObjectMapper json;
    private OpenAiStreamToAnthropic stream;

    public AnthropicClientWriter(HttpServerResponse response, ObjectMapper json) {
        this.response = response;
        this.json = json;
    }

    /** The stream's translator; the message id is the request's ({@code msg_} and its X-Request-Id). */
    private OpenAiStreamToAnthropic stream() {
        if (stream == null) {
            String id = response.headers().get("X-Request-Id");
            stream = new OpenAiStreamToAnthropic("msg_" + String.valueOf(id).replace("-", ""), null, 0);
        }
        return stream;
    }

    @Override
    public HttpServerResponse response() {
        return response;
    }

    @Override
    public Future<Void> answer(Buffer completion) {
        try {
            ChatCompletion openAi = json.readValue(completion.getBytes(), ChatCompletion.class);
            return response.setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end(Buffer.buffer(json.writeValueAsBytes(OpenAiCompletionToAnthropic.translate(openAi))));
        } catch (IOException e) {
            return Future.failedFuture(e);
        }
    }

    @Override
    public void chunk(String chunk) {
        try {
            write(stream().accept(json.readValue(chunk, ChatCompletionChunk.class)));
        } catch (IOException e) {
            streamError(ApiError.of("The answer's stream could not be translated.", ApiError.SERVER_ERROR, null, null));
        }
    }

    @Override
    public void streamError(ApiError error) {
        if (!response.headWritten()) {
            OpenAiClientWriter.startStream(response);
        }
        AnthropicFailure failure = OpenAiErrorToAnthropic.translate(500, error);
        try {
            response.write("event: error\ndata: " + json.writeValueAsString(failure.body()) + "\n\n");
        } catch (IOException impossible) {
            response.write("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"api_error\","
                    + "\"message\":\"stream failed\"}}\n\n");
        }
        response.end();
    }

    @Override
    public void endStream() {
        write(stream().finish());
        response.end();
    }

    @Override
    public void fail(ApiException error) {
        if (response.ended() || response.closed()) {
            return;
        }
        if (response.headWritten()) {
            response.reset();
            return;
        }
        AnthropicFailure failure = OpenAiErrorToAnthropic.translate(error.status(), error.error());
        error.headers().forEach(response::putHeader);
        try {
            response.setStatusCode(failure.status()).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end(Buffer.buffer(json.writeValueAsBytes(failure.body())));
        } catch (IOException impossible) {
            response.setStatusCode(failure.status()).end();
        }
    }

    private void write(List<StreamEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        if (!response.headWritten()) {
            OpenAiClientWriter.startStream(response);
        }
        StringBuilder out = new StringBuilder();
        for (StreamEvent event : events) {
            out.append(AnthropicSse.format(event));
        }
        response.write(out.toString());
    }
}
