package dev.localai.openai.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.localai.openai.Usage;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Token counts both ways. Anthropic's {@code input_tokens} leaves out cached tokens, OpenAI's
 * {@code prompt_tokens} includes them, so:
 * <ul>
 *   <li>{@code prompt_tokens = input_tokens + cache_creation_input_tokens + cache_read_input_tokens};</li>
 *   <li>{@code prompt_tokens_details.cached_tokens = cache_read_input_tokens} (when Anthropic reports it);</li>
 *   <li>{@code cache_creation_input_tokens} and {@code cache_read_input_tokens} are also kept as extra
 *       fields of the OpenAI usage, since cache writes and reads are priced differently;</li>
 *   <li>back: {@code input_tokens = prompt_tokens - cached_tokens}, {@code cache_read_input_tokens =
 *       cached_tokens}, {@code cache_creation_input_tokens} from the extra field, else 0.</li>
 * </ul>
 */
public final class Usages {

    static final String CACHE_CREATION = "cache_creation_input_tokens";
    static final String CACHE_READ = "cache_read_input_tokens";

    private Usages() {
    }

    /** OpenAI usage for Anthropic usage; null stays null. */
    public static Usage toOpenAi(MessageUsage usage) {
        if (usage == null) {
            return null;
        }
        int prompt = usage.totalInputTokens();
        int completion = MessageUsage.zero(usage.outputTokens());
        JsonNode details = null;
        Map<String, JsonNode> extra = new LinkedHashMap<>();
        if (usage.cacheReadInputTokens() != null) {
            details = JsonNodeFactory.instance.objectNode().put("cached_tokens", usage.cacheReadInputTokens());
            extra.put(CACHE_READ, IntNode.valueOf(usage.cacheReadInputTokens()));
        }
        if (usage.cacheCreationInputTokens() != null) {
            extra.put(CACHE_CREATION, IntNode.valueOf(usage.cacheCreationInputTokens()));
        }
        return new Usage(prompt, completion, prompt + completion, details, null, extra);
    }

    /** Anthropic usage for OpenAI usage; null becomes zero counts, as a Message always carries usage. */
    public static MessageUsage toAnthropic(Usage usage) {
        if (usage == null) {
            return new MessageUsage(0, 0, 0, 0, null);
        }
        int cached = usage.promptTokensDetails() == null ? 0
                : usage.promptTokensDetails().path("cached_tokens").asInt(0);
        JsonNode creationNode = usage.extra().get(CACHE_CREATION);
        int creation = creationNode == null ? 0 : creationNode.asInt(0);
        int prompt = MessageUsage.zero(usage.promptTokens());
        int uncached = Math.max(0, prompt - cached - creation);
        return new MessageUsage(uncached, MessageUsage.zero(usage.completionTokens()), creation, cached, null);
    }
}
