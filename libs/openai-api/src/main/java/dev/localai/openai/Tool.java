package dev.localai.openai;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/** A tool the model may call: {@code {"type":"function","function":{name, description, parameters, strict}}}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Tool(
        String type,
        Function function,
        @JsonAnyGetter @JsonAnySetter Map<String, JsonNode> extra) {

    public Tool {
        extra = Extras.copy(extra);
    }

    /** A function definition; {@code parameters} is a JSON Schema kept as sent. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Function(
            String name,
            String description,
            JsonNode parameters,
            Boolean strict,
            @JsonAnyGetter @JsonAnySetter Map<String, JsonNode> extra) {
        public Function {
            extra = Extras.copy(extra);
        }
    }
}
