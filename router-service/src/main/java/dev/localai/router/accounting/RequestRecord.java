package dev.localai.router.accounting;

import com.fasterxml.jackson.databind.JsonNode;
import dev.localai.router.cache.ResponseCache;
import io.vertx.core.buffer.Buffer;
import dev.localai.router.Route;
import dev.localai.router.Signals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What the router learns about one request while it handles it: its signals, where it went, when
 * the first byte reached the client, the backend's usage or the answer's text to count, and how it
 * ended. Confined to the request's event loop; {@link #finish} turns it into the immutable
 * {@link LogDraft} that the request log writes.
 */
public final class RequestRecord implements dev.localai.router.backend.ExchangeEvents {

    /** Answer text kept for counting tokens when the backend reports no usage; beyond it, estimated. */
    private static final int MAX_ANSWER_CHARS = 256 * 1024;

    private final UUID id = randomId();
    private final Instant startedAt = Instant.now();
    private final long startNanos = System.nanoTime();
    private String clientKey;
    private String requestedModel;
    private List<String> tags = List.of();
    private String taskType;
    private int estimatedPromptTokens;
    private boolean stream;
    private String promptText;
    private String backend;
    private String servedModel;
    private String reason;
    private long firstByteNanos = -1;
    private int usagePrompt = -1;
    private int usageCompletion = -1;
    private final StringBuilder answer = new StringBuilder();
    private long answerChars;
    private boolean partial;
    private String error;
    private boolean cacheHit;
    private Budgets.Reservation reservation;
    private ResponseCache.Lookup cacheLookup;
    private Buffer answerBody;
    private List<Attempt> attempts = List.of();
    private UUID evalRun;

    public UUID id() {
        return id;
    }

    /** A random (version 4) UUID without {@link UUID#randomUUID()}'s shared SecureRandom: an id, not a secret. */
    static UUID randomId() {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        long high = random.nextLong() & ~0xF000L | 0x4000L;
        long low = random.nextLong() & 0x3FFFFFFFFFFFFFFFL | 0x8000000000000000L;
        return new UUID(high, low);
    }

    /** Marks the request as eval traffic of run {@code run} ({@code X-Router-Eval}): logged, but no household spending. */
    public void evalRun(UUID run) {
        this.evalRun = run;
    }

    public UUID evalRun() {
        return evalRun;
    }

    public void clientKey(String key) {
        this.clientKey = key;
    }

    public void requested(String model, boolean stream, String promptText) {
        this.requestedModel = model;
        this.stream = stream;
        this.promptText = promptText;
    }

    public void signals(Signals signals) {
        this.requestedModel = signals.requested();
        List<String> all = new ArrayList<>(signals.tags().known());
        all.sort(null);
        this.tags = all;
        this.taskType = signals.taskType();
        this.estimatedPromptTokens = signals.promptTokens();
    }

    /** The backend now being tried; the last one tried is the one logged. */
    public void routed(Route route) {
        this.backend = route.backend().name();
        this.servedModel = route.upstreamModel();
        this.reason = route.reason();
    }

    @Override
    public void firstByte() {
        if (firstByteNanos < 0) {
            firstByteNanos = System.nanoTime();
        }
    }

    /** An OpenAI {@code usage} object from the backend (a JSON answer or a stream's last chunk). */
    @Override
    public void usage(JsonNode usage) {
        if (usage != null && usage.isObject()) {
            if (usage.path("prompt_tokens").canConvertToInt()) {
                usagePrompt = usage.path("prompt_tokens").asInt();
            }
            if (usage.path("completion_tokens").canConvertToInt()) {
                usageCompletion = usage.path("completion_tokens").asInt();
            }
        }
    }

    /** Text the client received: message content, reasoning or tool-call arguments. */
    @Override
    public void content(String text) {
        if (text == null || text.isEmpty()) {
            return;
        }
        answerChars += text.length();
        if (answer.length() < MAX_ANSWER_CHARS) {
            answer.append(text, 0, Math.min(text.length(), MAX_ANSWER_CHARS - answer.length()));
        }
    }

    /** The answer was cut short after the client had part of it (an error event, or the client left). */
    @Override
    public void partial(String why) {
        this.partial = true;
        if (error == null) {
            this.error = why;
        }
    }

    public void failed(String why) {
        this.error = why;
    }

    /** The budget reservation of the paid call now being made, if any. */
    public void reservation(Budgets.Reservation reservation) {
        this.reservation = reservation;
    }

    public Budgets.Reservation reservation() {
        return reservation;
    }

    /** Served from the response cache: what first answered it. */
    public void cacheHit(String backend, String model) {
        this.cacheHit = true;
        this.backend = backend;
        this.servedModel = model;
        this.reason = "cache hit";
    }

    /** The request may be stored in the response cache under this lookup once answered. */
    public void cacheLookup(ResponseCache.Lookup lookup) {
        this.cacheLookup = lookup;
    }

    public ResponseCache.Lookup cacheLookup() {
        return cacheLookup;
    }

    /** A whole JSON answer, kept only when it may go into the cache. */
    @Override
    public void answerBody(Buffer body) {
        if (cacheLookup != null && cacheLookup.write()) {
            this.answerBody = body;
        }
    }

    public Buffer answerBody() {
        return answerBody;
    }

    public String backend() {
        return backend;
    }

    /** A quality cascade's answers so far, in order; the log keeps them with their tokens and cost. */
    public void attempts(List<Attempt> all) {
        this.attempts = List.copyOf(all);
    }

    public int estimatedPromptTokens() {
        return estimatedPromptTokens;
    }

    public String servedModel() {
        return servedModel;
    }

    /** The request's log row as it ended, with what its tokens are counted from. */
    public LogDraft finish(int status, boolean keepText) {
        long now = System.nanoTime();
        LogRow row = new LogRow(id, startedAt, clientKey, requestedModel, backend, servedModel, reason, tags, taskType,
                stream, 0, 0, false, (now - startNanos) / 1e6,
                firstByteNanos < 0 ? null : (firstByteNanos - startNanos) / 1e6, status, error, partial, cacheHit,
                java.math.BigDecimal.ZERO, java.math.BigDecimal.ZERO, keepText ? promptText : null,
                keepText ? answer.toString() : null, null, 0, 0, java.math.BigDecimal.ZERO, evalRun);
        return new LogDraft(row, estimatedPromptTokens, usagePrompt, usageCompletion, answer.toString(), answerChars,
                attempts);
    }
}
