package dev.localai.openai.anthropic;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.localai.openai.Extras;

import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /v1/messages} (https://docs.anthropic.com/en/api/messages). {@code model},
 * {@code messages} and {@code max_tokens} are required by the API; {@code system} is a string or an
 * array of text blocks ({@link Content}); {@code metadata} holds {@code user_id}. Fields not modelled
 * here ({@code thinking}, {@code service_tier}, {@code container}, {@code mcp_servers}, …) are kept in
 * {@link #extra()} and written back unchanged. Note that the API refuses unknown top-level fields
 * ("Extra inputs are not permitted"), so a translator must not put OpenAI-only fields here.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MessagesRequest(
        String model,
        Content system,
        List<InputMessage> messages,
        @JsonProperty("max_tokens") Integer maxTokens,
        @JsonProperty("stop_sequences") List<String> stopSequences,
        Double temperature,
        @JsonProperty("top_p") Double topP,
        @JsonProperty("top_k") Integer topK,
        Boolean stream,
        List<ToolDefinition> tools,
        @JsonProperty("tool_choice") ToolChoice toolChoice,
        JsonNode metadata,
        @JsonAnyGetter @JsonAnySetter Map<String, JsonNode> extra) {

    public MessagesRequest {
        extra = Extras.copy(extra);
    }

    /** A minimal request: model, messages and max_tokens, everything else absent. */
    public static MessagesRequest of(String model, List<InputMessage> messages, int maxTokens) {
        return new MessagesRequest(model, null, messages, maxTokens, null, null, null, null, null, null, null, null,
                null);
    }

    /** Whether the client asked for a server-sent event stream. */
    public boolean wantsStream() {
        return Boolean.TRUE.equals(stream);
    }

    /** The same request for another model id; every other field, known or not, is kept. */
    public MessagesRequest withModel(String newModel) {
        return new MessagesRequest(newModel, system, messages, maxTokens, stopSequences, temperature, topP, topK,
                stream, tools, toolChoice, metadata, extra);
    }
}
