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
 * <p>A text longer than {@value #EXACT_CHARS} characters is counted from three samples of
 * {@value #SAMPLE_CHARS} characters (start, middle, end), scaled by length: within a few percent for
 * prose and code, and it keeps a routing decision for a 2,000-token prompt in tens of microseconds
 * (bench/routing). Chat UIs send the whole history again every turn, so counts are cached per
 * message text: a follow-up in a long chat costs only its new message. Thread-safe.
 */
public final class TokenEstimator {

    /** OpenAI's documented overhead per message and for the reply priming. */
    static final int PER_MESSAGE = 3;
    static final int REPLY_PRIMING = 3;
    /** A low-detail image; high detail costs more, but the router only needs the order of magnitude. */
    static final int PER_IMAGE = 85;
    /**
     * Texts shorter than this are counted directly. Longer ones are looked up first: hashing a text is far
     * cheaper than encoding it (in a JFR profile under bench/overhead, BPE on two short messages was 8% of
     * the router's CPU), and chat clients send every earlier message again each turn.
     */
    private static final int CACHE_MIN_CHARS = 16;
    /** Texts up to this long are counted token by token; longer ones from samples (see {@link #count}). */
    static final int EXACT_CHARS = 4096;
    /** Each of the three samples of a long text: its start, middle and end. */
    static final int SAMPLE_CHARS = 1024;

    /** One vocabulary for every estimator: each load of cl100k_base holds about 14 MB of heap. */
    private static final class Vocabulary {
        static final Encoding CL100K = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);
    }

    private final Encoding encoding = Vocabulary.CL100K;
    private final Map<String, Integer> cache;
    private final int cachedTexts;
    /** The roles every message names, counted once: a role is one of six words, not worth a BPE pass each time. */
    private final Map<String, Integer> roleTokens = new java.util.HashMap<>();

    public TokenEstimator() {
        this(4096);
    }

    /** @param cachedTexts how many texts' counts to keep (least recently used go first); 0: none */
    public TokenEstimator(int cachedTexts) {
        this.cachedTexts = cachedTexts;
        this.cache = new LinkedHashMap<>(cachedTexts, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
                return size() > cachedTexts;
            }
        };
        for (String role : new String[]{"system", "developer", "user", "assistant", "tool", "function"}) {
            roleTokens.put(role, encoding.countTokensOrdinary(role));
        }
    }

    /** Prompt tokens of a whole request. */
    public int promptTokens(ChatCompletionRequest request) {
        int total = REPLY_PRIMING;
        for (ChatMessage message : request.messages()) {
            Integer role = roleTokens.get(message.role());
            total += PER_MESSAGE + (role != null ? role : count(message.role()));
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

    /** Tokens of a long text, from its start, middle and end, scaled to its length. */
    private int sampled(String text) {
        int length = text.length();
        int[] starts = {0, length / 2 - SAMPLE_CHARS / 2, length - SAMPLE_CHARS};
        long tokens = 0;
        long chars = 0;
        for (int start : starts) {
            int from = wordStart(text, start);
            int to = wordStart(text, start + SAMPLE_CHARS);
            tokens += encoding.countTokensOrdinary(text.substring(from, to));
            chars += to - from;
        }
        return chars == 0 ? 0 : (int) Math.round((double) tokens * length / chars);
    }

    /** The nearest position at or before {@code index} where a word starts, so samples do not cut words. */
    private static int wordStart(String text, int index) {
        int i = Math.min(Math.max(index, 0), text.length());
        int floor = Math.max(0, i - 32);
        while (i > floor && i < text.length() && !Character.isWhitespace(text.charAt(i - 1))) {
            i--;
        }
        return i == floor && floor > 0 ? index : i;
    }

    /** Exact tokens of one text (no sampling, no cache). */
    public int exact(String text) {
        return text == null || text.isEmpty() ? 0 : encoding.countTokensOrdinary(text);
    }

    /** Tokens of one text. */
    public int count(String text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        if (text.length() < CACHE_MIN_CHARS) {
            return encoding.countTokensOrdinary(text);
        }
        if (cachedTexts == 0) {
            return measure(text);
        }
        synchronized (cache) {
            Integer known = cache.get(text);
            if (known != null) {
                return known;
            }
        }
        int counted = measure(text);
        synchronized (cache) {
            cache.put(text, counted);
        }
        return counted;
    }

    private int measure(String text) {
        return text.length() <= EXACT_CHARS ? encoding.countTokensOrdinary(text) : sampled(text);
    }
}
