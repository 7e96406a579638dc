package dev.localai.standins.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.localai.standins.server.LoopbackStub;
import dev.localai.standins.server.OnceThenStanding;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real HTTP/1.1 server that speaks Anthropic's Messages API, for tests: it stands in for
 * {@code https://api.anthropic.com}, which cannot be reached from here. It follows
 * <ul>
 *   <li>https://docs.anthropic.com/en/api/messages: {@code POST /v1/messages} with the headers
 *       {@code x-api-key} and {@code anthropic-version}, the request fields (unknown ones refused), and the
 *       Message object it answers;</li>
 *   <li>https://docs.anthropic.com/en/docs/build-with-claude/streaming: with {@code "stream": true}, a
 *       {@code text/event-stream} of named events, {@code event: <type>\ndata: <json>\n\n}, in the documented
 *       order ({@code message_start}, {@code content_block_start}, {@code ping}, {@code content_block_delta}s,
 *       {@code content_block_stop}, {@code message_delta}, {@code message_stop}), and the {@code error}
 *       event;</li>
 *   <li>https://docs.anthropic.com/en/api/errors: the error body
 *       {@code {"type":"error","error":{"type","message"},"request_id"}} with its status (400, 401, 404, 429,
 *       500, 529) and a {@code request-id} header on every answer; 429 carries {@code retry-after}
 *       (https://docs.anthropic.com/en/api/rate-limits).</li>
 * </ul>
 * A missing or wrong {@code x-api-key} is a 401 {@code authentication_error}; a missing
 * {@code anthropic-version}, a missing {@code max_tokens} (or {@code model}, {@code messages}), a
 * {@code system} role or an extra field a 400 {@code invalid_request_error}. The answer is
 * {@link #answer(String) configurable}, optionally followed by a {@link #toolUse tool_use} block; see
 * {@link MessageAnswers} for how stop sequences, {@code max_tokens} and token counts (words) work. It can
 * be told to fail ({@link StubFailure}) for the next request or every request. Every request is
 * {@linkplain #requests() recorded} with its headers and body, so a test can assert what the cloud got.
 *
 * <p>{@link #baseUrl()} is what a client uses as Anthropic's base URL; the API is under {@code /v1}. Runs on its
 * own Vert.x instance (one event loop), bound to 127.0.0.1 ({@link LoopbackStub}); the blocking methods must not
 * be called on that event loop.
 */
public final class AnthropicStub extends LoopbackStub {

    /** The key the stub accepts unless told otherwise. */
    public static final String DEFAULT_API_KEY = "sk-ant-api03-stub-key";
    public static final String DEFAULT_ANSWER = "Hello from the Anthropic stub.";

    private final OnceThenStanding<StubFailure> failures = new OnceThenStanding<>(null);
    private final AtomicLong ids = new AtomicLong();
    private volatile String apiKey = DEFAULT_API_KEY;
    private volatile String answer = DEFAULT_ANSWER;
    private volatile String toolName;
    private volatile JsonNode toolInput;
    private volatile int cacheRead;
    private volatile Duration retryAfter = Duration.ofSeconds(1);

    private AnthropicStub() {
        super("Anthropic stub");
    }

    /** Starts on a random free port of 127.0.0.1. */
    public static AnthropicStub start() {
        AnthropicStub stub = new AnthropicStub();
        stub.listenOrClose(0, new StubRoutes(stub));
        return stub;
    }

    /** The only {@code x-api-key} accepted; default {@value #DEFAULT_API_KEY}. */
    public AnthropicStub apiKey(String key) {
        this.apiKey = Objects.requireNonNull(key, "key");
        return this;
    }

    /** The assistant's text; default {@value #DEFAULT_ANSWER}. */
    public AnthropicStub answer(String text) {
        this.answer = Objects.requireNonNull(text, "text");
        return this;
    }

    /**
     * Ends every answer with a {@code tool_use} block calling {@code name} with {@code inputJson} (a JSON
     * object), and {@code stop_reason: tool_use}; null name: text only again.
     */
    public AnthropicStub toolUse(String name, String inputJson) {
        try {
            this.toolInput = name == null ? null : MessageAnswers.JSON.readTree(inputJson);
        } catch (IOException e) {
            throw new UncheckedIOException("tool input is not JSON: " + inputJson, e);
        }
        this.toolName = name;
        return this;
    }

    /** Reports this many input tokens as read from the prompt cache ({@code cache_read_input_tokens}). */
    public AnthropicStub cacheReadTokens(int tokens) {
        this.cacheRead = tokens;
        return this;
    }

    /** The next request fails this way; calls queue up, one failure per request. */
    public AnthropicStub failNext(StubFailure failure) {
        failures.once(Objects.requireNonNull(failure, "failure"));
        return this;
    }

    /** Every following request fails this way (after the queued ones); null: answer normally again. */
    public AnthropicStub failAlways(StubFailure failure) {
        failures.always(failure);
        return this;
    }

    /** The {@code retry-after} of {@link StubFailure#RATE_LIMITED}, sent in whole seconds (rounded up); default 1 s. */
    public AnthropicStub retryAfter(Duration delay) {
        this.retryAfter = Objects.requireNonNull(delay, "delay");
        return this;
    }

    /** Back to a fresh start: default key and answer, no tool use, no cache tokens, no failures, no records. */
    public void reset() {
        apiKey = DEFAULT_API_KEY;
        answer = DEFAULT_ANSWER;
        toolName = null;
        toolInput = null;
        cacheRead = 0;
        retryAfter = Duration.ofSeconds(1);
        failures.reset();
        ledger.clear();
    }

    // ---- used by StubRoutes, on the event loop

    String nextRequestId() {
        return "req_stub_" + ids.incrementAndGet();
    }

    StubFailure nextFailure() {
        return failures.next();
    }

    String apiKey() {
        return apiKey;
    }

    String answerText() {
        return answer;
    }

    String toolName() {
        return toolName;
    }

    JsonNode toolInput() {
        return toolInput;
    }

    int cacheRead() {
        return cacheRead;
    }

    long retryAfterSeconds() {
        return retryAfter.getSeconds() + (retryAfter.getNano() > 0 ? 1 : 0);
    }
}
