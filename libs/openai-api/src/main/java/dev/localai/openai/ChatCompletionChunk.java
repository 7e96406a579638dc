package dev.localai.openai;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

/**
 * One event of a streamed answer, {@code "object": "chat.completion.chunk"}
 * (https://platform.openai.com/docs/api-reference/chat-streaming/streaming). With
 * {@code stream_options.include_usage} the last chunk before {@code [DONE]} has empty
 * {@code choices} and carries {@code usage}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChatCompletionChunk(
        String id,
        String object,
        Long created,
        String model,
        List<Choice> choices,
        Usage usage,
        @JsonProperty("system_fingerprint") String systemFingerprint,
        @JsonProperty("service_tier") String serviceTier,
        @JsonAnyGetter @JsonAnySetter Map<String, JsonNode> extra) {

    public static final String OBJECT = "chat.completion.chunk";

    public ChatCompletionChunk {
        extra = Extras.copy(extra);
    }

    /** The content delta of the first choice; empty when there is none. */
    public String firstDelta() {
        if (choices == null || choices.isEmpty() || choices.get(0).delta() == null) {
            return "";
        }
        String content = choices.get(0).delta().content();
        return content == null ? "" : content;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Choice(
            Integer index,
            Delta delta,
            @JsonProperty("finish_reason") String finishReason,
            JsonNode logprobs,
            @JsonAnyGetter @JsonAnySetter Map<String, JsonNode> extra) {
        public Choice {
            extra = Extras.copy(extra);
        }
    }

    /** What this chunk adds to the message: the role (first chunk), content, tool call pieces, a refusal. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Delta(
            String role,
            String content,
            @JsonProperty("tool_calls") List<ToolCall> toolCalls,
            String refusal,
            @JsonAnyGetter @JsonAnySetter Map<String, JsonNode> extra) {
        public Delta {
            extra = Extras.copy(extra);
        }
    }
}
