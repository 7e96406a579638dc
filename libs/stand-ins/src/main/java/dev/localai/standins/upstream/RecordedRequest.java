package dev.localai.standins.upstream;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * A request as a stub ({@link FakeUpstream}, {@code AnthropicStub}, {@code OllamaStub}) received it, recorded
 * before it was answered.
 *
 * @param method     the HTTP method, e.g. {@code POST}
 * @param path       the path without the query, e.g. {@code /v1/chat/completions}
 * @param headers    every header, names in lower case; a repeated header's values joined with {@code ", "}
 * @param body       the full body as UTF-8 text ({@code ""} when there was none)
 * @param receivedAt when the whole body had arrived
 */
public record RecordedRequest(String method, String path, Map<String, String> headers, String body,
                              Instant receivedAt) {

    public RecordedRequest {
        headers = Map.copyOf(headers);
    }

    /** The value of header {@code name} (any case), or null. */
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** The body parsed as JSON; throws {@link UncheckedIOException} when it is not JSON. */
    public JsonNode json() {
        try {
            return ChatAnswers.JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("request body is not JSON: " + body, e);
        }
    }
}
