package dev.localai.openai.anthropic;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.localai.openai.Extras;

import java.util.Map;

/**
 * How the model uses the tools (https://docs.anthropic.com/en/api/messages, {@code tool_choice}):
 * {@code auto} (it decides), {@code any} (it must use one), {@code tool} with {@code name} (it must use
 * that one), or {@code none}. All but {@code none} accept {@code disable_parallel_tool_use}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ToolChoice(
        String type,
        String name,
        @JsonProperty("disable_parallel_tool_use") Boolean disableParallelToolUse,
        @JsonAnyGetter @JsonAnySetter Map<String, JsonNode> extra) {

    public static final String AUTO = "auto";
    public static final String ANY = "any";
    public static final String TOOL = "tool";
    public static final String NONE = "none";

    public ToolChoice {
        extra = Extras.copy(extra);
    }

    public static ToolChoice of(String type) {
        return new ToolChoice(type, null, null, null);
    }

    public static ToolChoice tool(String name) {
        return new ToolChoice(TOOL, name, null, null);
    }

    /** The same choice with {@code disable_parallel_tool_use} set. */
    public ToolChoice withDisableParallelToolUse(Boolean disable) {
        return new ToolChoice(type, name, disable, extra);
    }
}
