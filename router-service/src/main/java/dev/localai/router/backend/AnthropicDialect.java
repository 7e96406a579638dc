package dev.localai.router.backend;

import dev.localai.router.Backend;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.localai.openai.ChatCompletion;
import dev.localai.openai.ChatCompletionChunk;
import dev.localai.openai.ChatCompletionRequest;
import dev.localai.openai.anthropic.AnthropicErrorToOpenAi;
import dev.localai.openai.anthropic.AnthropicMessageToOpenAi;
import dev.localai.openai.anthropic.AnthropicStreamToOpenAi;
import dev.localai.openai.anthropic.Message;
import dev.localai.openai.anthropic.OpenAiRequestToAnthropic;
import dev.localai.openai.sse.SseEvent;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.RequestOptions;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * How the router talks to a backend of {@code type: anthropic}: the OpenAI request it routes becomes a
 * Messages API request ({@code POST /v1/messages}, {@code x-api-key}, {@code anthropic-version}), and the
 * answer, its stream and its errors come back in OpenAI's shapes
 * (https://docs.anthropic.com/en/api/messages, https://docs.anthropic.com/en/docs/build-with-claude/streaming,
 * https://docs.anthropic.com/en/api/errors).
 */
final class AnthropicDialect {

    static final String VERSION = "2023-06-01";
    private static final OpenAiRequestToAnthropic REQUESTS = new OpenAiRequestToAnthropic();

    private AnthropicDialect() {
    }

    static Buffer body(ChatCompletionRequest request, ObjectMapper json) throws IOException {
        return Buffer.buffer(json.writeValueAsBytes(REQUESTS.translate(request)));
    }

    static void headers(RequestOptions options, Backend backend) {
        backend.apiKey().ifPresent(key -> options.putHeader("x-api-key", key));
        options.putHeader("anthropic-version", VERSION);
    }

    /** A Messages API answer as an OpenAI chat completion. */
    static Buffer answer(Buffer body, ObjectMapper json) throws IOException {
        Message message = json.readValue(body.getBytes(), Message.class);
        ChatCompletion completion = AnthropicMessageToOpenAi.translate(message, System.currentTimeMillis() / 1000);
        return Buffer.buffer(json.writeValueAsBytes(completion));
    }

    /** The message of an Anthropic error answer, in OpenAI's words. */
    static String errorMessage(int status, String body) {
        return AnthropicErrorToOpenAi.translate(status, body).body().error().message();
    }

    /** Converts an Anthropic event stream to OpenAI chunk events, one event at a time. */
    static StreamRelay.Translator stream(ChatCompletionRequest request, ObjectMapper json) {
        AnthropicStreamToOpenAi converter = new AnthropicStreamToOpenAi(request.includeUsage(),
                System.currentTimeMillis() / 1000);
        return new StreamRelay.Translator() {
            @Override
            public List<String> translate(SseEvent event) throws IOException {
                List<String> out = new ArrayList<>();
                for (ChatCompletionChunk chunk : converter.accept(event)) {
                    out.add(json.writeValueAsString(chunk));
                }
                return out;
            }

            @Override
            public boolean finished() {
                return converter.finished();
            }
        };
    }
}
