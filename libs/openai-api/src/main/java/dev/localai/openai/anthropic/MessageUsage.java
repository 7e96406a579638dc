package dev.localai.openai.anthropic;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.localai.openai.Extras;

import java.util.Map;

/**
 * A message's {@code usage} (https://docs.anthropic.com/en/api/messages). {@code input_tokens} does
 * not include cached tokens: the request's whole input is {@code input_tokens +
 * cache_creation_input_tokens + cache_read_input_tokens}, as the documentation says. In a stream,
 * {@code message_start} carries the input counts and {@code message_delta} the cumulative output count
 * (https://docs.anthropic.com/en/docs/build-with-claude/streaming). {@code cache_creation},
 * {@code server_tool_use} and {@code service_tier} are kept in extra.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MessageUsage(
        @JsonProperty("input_tokens") Integer inputTokens,
        @JsonProperty("output_tokens") Integer outputTokens,
        @JsonProperty("cache_creation_input_tokens") Integer cacheCreationInputTokens,
        @JsonProperty("cache_read_input_tokens") Integer cacheReadInputTokens,
        @JsonAnyGetter @JsonAnySetter Map<String, JsonNode> extra) {

    public MessageUsage {
        extra = Extras.copy(extra);
    }

    public static MessageUsage of(int inputTokens, int outputTokens) {
        return new MessageUsage(inputTokens, outputTokens, null, null, null);
    }

    /** Every input token: uncached, written to the cache, and read from it. */
    public int totalInputTokens() {
        return zero(inputTokens) + zero(cacheCreationInputTokens) + zero(cacheReadInputTokens);
    }

    static int zero(Integer value) {
        return value == null ? 0 : value;
    }
}
