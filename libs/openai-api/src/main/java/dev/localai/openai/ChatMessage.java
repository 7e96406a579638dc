package dev.localai.openai;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

/**
 * One message of a chat: {@code system}, {@code developer}, {@code user}, {@code assistant} or
 * {@code tool}. Content is a plain string or an array of parts (text, image_url, input_audio, file),
 * as https://platform.openai.com/docs/api-reference/chat/create documents; an assistant message may
 * carry {@code tool_calls} instead of content.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChatMessage(
        String role,
        MessageContent content,
        String name,
        @JsonProperty("tool_calls") List<ToolCall> toolCalls,
        @JsonProperty("tool_call_id") String toolCallId,
        String refusal,
        @JsonAnyGetter @JsonAnySetter Map<String, JsonNode> extra) {

    public ChatMessage {
        extra = Extras.copy(extra);
    }

    public static ChatMessage of(String role, String text) {
        return new ChatMessage(role, MessageContent.text(text), null, null, null, null, null);
    }

    public static ChatMessage system(String text) {
        return of("system", text);
    }

    public static ChatMessage user(String text) {
        return of("user", text);
    }

    public static ChatMessage assistant(String text) {
        return of("assistant", text);
    }

    /** All text of this message (text parts joined by a newline); empty when there is none. */
    public String text() {
        return content == null ? "" : content.text();
    }

    /** The same message with other content; every other field, known or not, is kept. */
    public ChatMessage withContent(MessageContent newContent) {
        return new ChatMessage(role, newContent, name, toolCalls, toolCallId, refusal, extra);
    }
}
