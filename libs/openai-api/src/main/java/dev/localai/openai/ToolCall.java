package dev.localai.openai;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/**
 * A call the model made to a tool. In a full message every field is set; in a stream chunk the
 * pieces arrive by {@code index}, with {@code id}, {@code type} and the name first and the
 * {@code arguments} string in fragments.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ToolCall(
        Integer index,
        String id,
        String type,
        FunctionCall function,
        @JsonAnyGetter @JsonAnySetter Map<String, JsonNode> extra) {

    public ToolCall {
        extra = Extras.copy(extra);
    }

    /** The function called and its arguments, a JSON text as the model wrote it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FunctionCall(
            String name,
            String arguments,
            @JsonAnyGetter @JsonAnySetter Map<String, JsonNode> extra) {
        public FunctionCall {
            extra = Extras.copy(extra);
        }
    }
}
