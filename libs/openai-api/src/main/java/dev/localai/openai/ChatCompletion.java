package dev.localai.openai;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

/**
 * A non-streamed answer, {@code "object": "chat.completion"}
 * (https://platform.openai.com/docs/api-reference/chat/object).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChatCompletion(
        String id,
        String object,
        Long created,
        String model,
        List<Choice> choices,
        Usage usage,
        @JsonProperty("system_fingerprint") String systemFingerprint,
        @JsonProperty("service_tier") String serviceTier,
        @JsonAnyGetter @JsonAnySetter Map<String, JsonNode> extra) {

    public static final String OBJECT = "chat.completion";

    public ChatCompletion {
        extra = Extras.copy(extra);
    }

    /** The text of the first choice; empty when there is none. */
    public String firstText() {
        return choices == null || choices.isEmpty() || choices.get(0).message() == null
                ? "" : choices.get(0).message().text();
    }

    /** One answer; {@code finish_reason} is {@code stop}, {@code length}, {@code tool_calls} or {@code content_filter}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Choice(
            Integer index,
            ChatMessage message,
            @JsonProperty("finish_reason") String finishReason,
            JsonNode logprobs,
            @JsonAnyGetter @JsonAnySetter Map<String, JsonNode> extra) {
        public Choice {
            extra = Extras.copy(extra);
        }
    }
}
