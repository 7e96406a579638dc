package dev.localai.openai.anthropic;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.localai.openai.Extras;

import java.util.Map;

/**
 * A tool the model may call (https://docs.anthropic.com/en/api/messages, {@code tools}): a client tool
 * has {@code name}, an optional {@code description} and {@code input_schema} (a JSON Schema whose
 * {@code type} is {@code object}) and no {@code type} (or {@code "custom"}). Server and versioned tools
 * ({@code web_search_20250305}, {@code bash_20250124}, …) carry a {@code type}; their other fields stay in
 * extra.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ToolDefinition(
        String type,
        String name,
        String description,
        @JsonProperty("input_schema") JsonNode inputSchema,
        @JsonAnyGetter @JsonAnySetter Map<String, JsonNode> extra) {

    public ToolDefinition {
        extra = Extras.copy(extra);
    }

    public static ToolDefinition of(String name, String description, JsonNode inputSchema) {
        return new ToolDefinition(null, name, description, inputSchema, null);
    }

    /** Whether this is a client tool, one the caller runs itself (no type, or {@code custom}). */
    @JsonIgnore
    public boolean isClientTool() {
        return type == null || "custom".equals(type);
    }
}
