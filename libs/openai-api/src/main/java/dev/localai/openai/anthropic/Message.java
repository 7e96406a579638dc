package dev.localai.openai.anthropic;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.localai.openai.Extras;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The Message object: the answer of {@code POST /v1/messages}, and the {@code message} of a stream's
 * {@code message_start} event (https://docs.anthropic.com/en/api/messages). {@code type} is always
 * {@code "message"} and {@code role} {@code "assistant"}. {@code stop_reason} is {@code end_turn},
 * {@code max_tokens}, {@code stop_sequence}, {@code tool_use}, {@code pause_turn} or {@code refusal}
 * (null in {@code message_start}); {@code stop_sequence} names the custom sequence that matched. Both are
 * always written, as JSON null when unset, as the API does.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Message(
        String id,
        String type,
        String role,
        List<ContentBlock> content,
        String model,
        @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("stop_reason") String stopReason,
        @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("stop_sequence") String stopSequence,
        MessageUsage usage,
        @JsonAnyGetter @JsonAnySetter Map<String, JsonNode> extra) {

    public static final String TYPE = "message";

    public Message {
        extra = Extras.copy(extra);
    }

    /** An assistant message as the API shapes it. */
    public static Message of(String id, String model, List<ContentBlock> content, String stopReason,
                             String stopSequence, MessageUsage usage) {
        return new Message(id, TYPE, InputMessage.ASSISTANT, List.copyOf(content), model, stopReason, stopSequence,
                usage, null);
    }

    /** The text blocks joined (no separator, as they are one answer split by other blocks); empty when none. */
    public String text() {
        return content == null ? "" : content.stream().filter(b -> b.is(ContentBlock.TEXT) && b.text() != null)
                .map(ContentBlock::text).collect(Collectors.joining());
    }
}
