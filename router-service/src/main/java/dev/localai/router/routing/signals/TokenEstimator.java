package dev.localai.router.routing.signals;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.localai.openai.ChatCompletionRequest;
import dev.localai.openai.ChatMessage;
import dev.localai.openai.MessageContent;
import dev.localai.openai.Tool;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Estimates a request's prompt tokens with a real BPE tokenizer (jtokkit's {@code cl100k_base}),
 * plus the per-message framing OpenAI documents for chat models (3 tokens a message, 3 to prime the
 * answer), a fixed cost per image, and the tool definitions. Local models use other vocabularies,
 * so this is an estimate; it is within a few percent for English prose and code.
 *
 * <p>Chat UIs send the whole history again every turn, so counts are cached per message text: a
 * follow-up in a long chat costs only its new message. Thread-safe.
 */
public final class TokenEstimator {

    /** OpenAI's documented overhead per message and for the reply priming. */
    static final int PER_MESSAGE = 3;
    static final int REPLY_PRIMING = 3;
    /** A low-detail image; high detail costs more, but the router only needs the order of magnitude. */
    static final int PER_IMAGE = 85;
    /** Texts shorter than this are counted directly: hashing them would cost about as much. */
    private static final int CACHE_MIN_CHARS = 256;

    private final Encoding encoding = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);
    private final Map<String, Integer> cache;

    public TokenEstimator() {
        this(4096);
    }

    public TokenEstimator(int cachedTexts) {
        this.cache = new LinkedHashMap<>(cachedTexts, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
                return size() > cachedTexts;
            }
        };
    }

    /** Prompt tokens of a whole request. */
    public int promptTokens(ChatCompletionRequest request) {
        int total = REPLY_PRIMING;
        for (ChatMessage message : request.messages()) {
            total += PER_MESSAGE + count(message.role());
            if (message.name() != null) {
                total += 1 + count(message.name());
            }
            total += content(message.content());
            if (message.toolCalls() != null) {
                for (var call : message.toolCalls()) {
                    if (call.function() != null) {
                        total += count(call.function().name()) + count(call.function().arguments());
                    }
                }
            }
        }
        if (request.tools() != null) {
            for (Tool tool : request.tools()) {
                if (tool.function() != null) {
                    total += count(tool.function().name()) + count(tool.function().description())
                            + (tool.function().parameters() == null ? 0 : count(tool.function().parameters().toString()));
                }
            }
        }
        return total;
    }

    private int content(MessageContent content) {
        if (content instanceof MessageContent.Text text) {
            return count(text.value());
        }
        int total = 0;
        if (content instanceof MessageContent.Parts parts) {
            for (MessageContent.Part part : parts.parts()) {
                total += "text".equals(part.type()) ? count(part.text()) : "image_url".equals(part.type()) ? PER_IMAGE : 0;
            }
        }
        return total;
    }

    /** Tokens of one text. */
    public int count(String text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        if (text.length() < CACHE_MIN_CHARS) {
            return encoding.countTokensOrdinary(text);
        }
        synchronized (cache) {
            Integer known = cache.get(text);
            if (known != null) {
                return known;
            }
        }
        int counted = encoding.countTokensOrdinary(text);
        synchronized (cache) {
            cache.put(text, counted);
        }
        return counted;
    }
}
