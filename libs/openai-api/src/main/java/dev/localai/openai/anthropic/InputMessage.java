package dev.localai.openai.anthropic;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.localai.openai.Extras;

import java.util.List;
import java.util.Map;

/**
 * One input message: {@code role} is {@code user} or {@code assistant} (there is no system role: the
 * system prompt is the request's top-level {@code system}); {@code content} is a string or an array of
 * content blocks (https://docs.anthropic.com/en/api/messages).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InputMessage(
        String role,
        Content content,
        @JsonAnyGetter @JsonAnySetter Map<String, JsonNode> extra) {

    public static final String USER = "user";
    public static final String ASSISTANT = "assistant";

    public InputMessage {
        extra = Extras.copy(extra);
    }

    public static InputMessage user(String text) {
        return new InputMessage(USER, Content.text(text), null);
    }

    public static InputMessage assistant(String text) {
        return new InputMessage(ASSISTANT, Content.text(text), null);
    }

    public static InputMessage of(String role, List<ContentBlock> blocks) {
        return new InputMessage(role, Content.blocks(blocks), null);
    }

    /** The content as blocks, whichever form it was sent in; empty when there is none. */
    public List<ContentBlock> blocks() {
        return content == null ? List.of() : content.blocks();
    }
}
