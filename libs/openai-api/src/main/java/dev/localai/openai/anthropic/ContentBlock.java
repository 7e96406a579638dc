package dev.localai.openai.anthropic;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.localai.openai.Extras;

import java.util.Map;

/**
 * One content block of the Messages API (https://docs.anthropic.com/en/api/messages), in a request
 * or a response:
 * <ul>
 *   <li>{@code text}: {@code text};</li>
 *   <li>{@code image}: {@code source}, base64 data or a URL ({@link ImageSource});</li>
 *   <li>{@code tool_use}: {@code id}, {@code name} and {@code input}, a JSON object;</li>
 *   <li>{@code tool_result}: {@code tool_use_id}, {@code content} (a string or blocks), {@code is_error};</li>
 *   <li>anything else ({@code thinking}, {@code document}, {@code cache_control}, citations, …) is kept
 *       whole in {@link #extra()} and written back unchanged.</li>
 * </ul>
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ContentBlock(
        String type,
        String text,
        ImageSource source,
        String id,
        String name,
        JsonNode input,
        @JsonProperty("tool_use_id") String toolUseId,
        Content content,
        @JsonProperty("is_error") Boolean isError,
        @JsonAnyGetter @JsonAnySetter Map<String, JsonNode> extra) {

    public static final String TEXT = "text";
    public static final String IMAGE = "image";
    public static final String TOOL_USE = "tool_use";
    public static final String TOOL_RESULT = "tool_result";
    public static final String THINKING = "thinking";

    public ContentBlock {
        extra = Extras.copy(extra);
    }

    public static ContentBlock text(String text) {
        return new ContentBlock(TEXT, text, null, null, null, null, null, null, null, null);
    }

    public static ContentBlock image(ImageSource source) {
        return new ContentBlock(IMAGE, null, source, null, null, null, null, null, null, null);
    }

    /** A call of tool {@code name}; {@code input} is the JSON object of its arguments. */
    public static ContentBlock toolUse(String id, String name, JsonNode input) {
        return new ContentBlock(TOOL_USE, null, null, id, name, input, null, null, null, null);
    }

    /** The result of the tool call {@code toolUseId}; {@code isError} null when the tool did not fail. */
    public static ContentBlock toolResult(String toolUseId, Content content, Boolean isError) {
        return new ContentBlock(TOOL_RESULT, null, null, null, null, null, toolUseId, content, isError, null);
    }

    public boolean is(String blockType) {
        return blockType.equals(type);
    }

    /** The {@code thinking} text of a thinking block (kept in extra); null for other blocks. */
    public String thinking() {
        JsonNode thinking = extra.get("thinking");
        return thinking == null || thinking.isNull() ? null : thinking.asText();
    }
}
