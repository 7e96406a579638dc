package dev.localai.openai;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /v1/chat/completions}, as OpenAI documents it
 * (https://platform.openai.com/docs/api-reference/chat/create) and real clients send it.
 * Fields not modelled here are kept in {@link #extra()} and written back unchanged; fields that are
 * absent stay absent when the request is forwarded.
 *
 * <p>{@code stop} and {@code tool_choice} keep the JSON form the client chose (a string or an
 * array, a string or an object); {@link #stopSequences()} reads {@code stop} either way.
 * {@code metadata} is kept as JSON: OpenAI documents string values, but chat UIs such as Open WebUI
 * put objects there, and such a request must not be refused.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChatCompletionRequest(
        String model,
        List<ChatMessage> messages,
        Boolean stream,
        @JsonProperty("stream_options") StreamOptions streamOptions,
        Double temperature,
        @JsonProperty("top_p") Double topP,
        @JsonProperty("max_tokens") Integer maxTokens,
        @JsonProperty("max_completion_tokens") Integer maxCompletionTokens,
        JsonNode stop,
        Long seed,
        Integer n,
        String user,
        JsonNode metadata,
        List<Tool> tools,
        @JsonProperty("tool_choice") JsonNode toolChoice,
        @JsonProperty("response_format") ResponseFormat responseFormat,
        @JsonAnyGetter @JsonAnySetter Map<String, JsonNode> extra) {

    public ChatCompletionRequest {
        extra = Extras.copy(extra);
    }

    /** A minimal request: a model and its messages, everything else absent. */
    public static ChatCompletionRequest of(String model, List<ChatMessage> messages) {
        return new ChatCompletionRequest(model, messages, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null);
    }

    /** Whether the client asked for a server-sent event stream. */
    public boolean wantsStream() {
        return Boolean.TRUE.equals(stream);
    }

    /** Whether a streamed answer should end with a usage chunk ({@code stream_options.include_usage}). */
    public boolean includeUsage() {
        return streamOptions != null && Boolean.TRUE.equals(streamOptions.includeUsage());
    }

    /** The completion budget: {@code max_completion_tokens} when given, else {@code max_tokens}, else null. */
    public Integer completionTokenLimit() {
        return maxCompletionTokens != null ? maxCompletionTokens : maxTokens;
    }

    /** {@code stop} as a list, whether the client sent one string or an array of them. */
    public List<String> stopSequences() {
        if (stop == null || stop.isNull()) {
            return List.of();
        }
        if (stop.isTextual()) {
            return List.of(stop.asText());
        }
        List<String> out = new ArrayList<>();
        stop.forEach(s -> out.add(s.asText()));
        return out;
    }

    /** The same request for another model id; every other field, known or not, is kept. */
    public ChatCompletionRequest withModel(String newModel) {
        return new ChatCompletionRequest(newModel, messages, stream, streamOptions, temperature, topP, maxTokens,
                maxCompletionTokens, stop, seed, n, user, metadata, tools, toolChoice, responseFormat, extra);
    }

    /** The same request with other messages; every other field, known or not, is kept. */
    public ChatCompletionRequest withMessages(List<ChatMessage> newMessages) {
        return new ChatCompletionRequest(model, newMessages, stream, streamOptions, temperature, topP, maxTokens,
                maxCompletionTokens, stop, seed, n, user, metadata, tools, toolChoice, responseFormat, extra);
    }

    /** The same request with one more field kept in {@link #extra()} (or that field replaced). */
    public ChatCompletionRequest withExtra(String key, JsonNode value) {
        java.util.Map<String, JsonNode> more = new java.util.LinkedHashMap<>(extra);
        more.put(key, value);
        return new ChatCompletionRequest(model, messages, stream, streamOptions, temperature, topP, maxTokens,
                maxCompletionTokens, stop, seed, n, user, metadata, tools, toolChoice, responseFormat, more);
    }

    /** The same request asking for one JSON answer: {@code stream} and {@code stream_options} absent. */
    public ChatCompletionRequest withoutStream() {
        return new ChatCompletionRequest(model, messages, null, null, temperature, topP, maxTokens,
                maxCompletionTokens, stop, seed, n, user, metadata, tools, toolChoice, responseFormat, extra);
    }

    /** The same request without one of the fields kept in {@link #extra()} (a router-only field, say). */
    public ChatCompletionRequest withoutExtra(String key) {
        java.util.Map<String, JsonNode> rest = new java.util.LinkedHashMap<>(extra);
        rest.remove(key);
        return new ChatCompletionRequest(model, messages, stream, streamOptions, temperature, topP, maxTokens,
                maxCompletionTokens, stop, seed, n, user, metadata, tools, toolChoice, responseFormat, rest);
    }

    /** {@code stream_options}: today only {@code include_usage}; anything newer is kept in extra. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StreamOptions(
            @JsonProperty("include_usage") Boolean includeUsage,
            @JsonAnyGetter @JsonAnySetter Map<String, JsonNode> extra) {
        public StreamOptions {
            extra = Extras.copy(extra);
        }
    }

    /** {@code response_format}: {@code text}, {@code json_object}, or {@code json_schema} with its schema. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ResponseFormat(
            String type,
            @JsonProperty("json_schema") JsonNode jsonSchema,
            @JsonAnyGetter @JsonAnySetter Map<String, JsonNode> extra) {
        public ResponseFormat {
            extra = Extras.copy(extra);
        }
    }
}
