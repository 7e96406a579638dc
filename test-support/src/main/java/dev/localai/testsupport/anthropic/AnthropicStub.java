package dev.localai.testsupport.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.localai.testsupport.upstream.RecordedRequest;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
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
 * <p>Runs on its own Vert.x instance (one event loop), bound to 127.0.0.1; the blocking methods must not be
 * called on that event loop.
 */
public final class AnthropicStub implements AutoCloseable {

    /** The key the stub accepts unless told otherwise. */
    public static final String DEFAULT_API_KEY = "sk-ant-api03-stub-key";
    public static final String DEFAULT_ANSWER = "Hello from the Anthropic stub.";

    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1)
            .setInternalBlockingPoolSize(1).setFileSystemOptions(new FileSystemOptions().setFileCachingEnabled(false)
                    .setClassPathResolvingEnabled(false)));
    private final List<RecordedRequest> requests = new ArrayList<>();          // guarded by itself
    private final Queue<StubFailure> once = new ConcurrentLinkedQueue<>();
    private final AtomicLong ids = new AtomicLong();
    private volatile String apiKey = DEFAULT_API_KEY;
    private volatile String answer = DEFAULT_ANSWER;
    private volatile String toolName;
    private volatile JsonNode toolInput;
    private volatile int cacheRead;
    private volatile StubFailure standing;
    private volatile Duration retryAfter = Duration.ofSeconds(1);
    private HttpServer server;

    private AnthropicStub() {
    }

    /** Starts on a random free port of 127.0.0.1. */
    public static AnthropicStub start() {
        AnthropicStub stub = new AnthropicStub();
        try {
            HttpServer created = stub.vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0)
                    .setHttp2ClearTextEnabled(false).setHandle100ContinueAutomatically(true))
                    .requestHandler(new StubRoutes(stub));
            stub.server = stub.await(created.listen(), "listen on 127.0.0.1");
        } catch (RuntimeException e) {
            stub.close();
            throw e;
        }
        return stub;
    }

    /** {@code http://127.0.0.1:<port>}, what a client uses as Anthropic's base URL; the API is under {@code /v1}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    public int port() {
        return server.actualPort();
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
        once.add(Objects.requireNonNull(failure, "failure"));
        return this;
    }

    /** Every following request fails this way (after the queued ones); null: answer normally again. */
    public AnthropicStub failAlways(StubFailure failure) {
        this.standing = failure;
        return this;
    }

    /** The {@code retry-after} of {@link StubFailure#RATE_LIMITED}, sent in whole seconds (rounded up); default 1 s. */
    public AnthropicStub retryAfter(Duration delay) {
        this.retryAfter = Objects.requireNonNull(delay, "delay");
        return this;
    }

    /** Every request received since the start or the last {@link #reset()}, in order (a copy). */
    public List<RecordedRequest> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    public int requestCount() {
        synchronized (requests) {
            return requests.size();
        }
    }

    /** The last request received; throws when there was none. */
    public RecordedRequest lastRequest() {
        synchronized (requests) {
            if (requests.isEmpty()) {
                throw new IllegalStateException("the Anthropic stub has received no request");
            }
            return requests.get(requests.size() - 1);
        }
    }

    /** Waits until {@link #requestCount()} reaches {@code count}; false on timeout or interrupt. */
    public boolean awaitRequests(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (requests) {
            try {
                while (requests.size() < count) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    TimeUnit.NANOSECONDS.timedWait(requests, left);
                }
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    /** Back to a fresh start: default key and answer, no tool use, no cache tokens, no failures, no records. */
    public void reset() {
        apiKey = DEFAULT_API_KEY;
        answer = DEFAULT_ANSWER;
        toolName = null;
        toolInput = null;
        cacheRead = 0;
        standing = null;
        retryAfter = Duration.ofSeconds(1);
        once.clear();
        synchronized (requests) {
            requests.clear();
        }
    }

    /** Stops listening and closes the Vert.x instance. Idempotent. */
    @Override
    public void close() {
        await(vertx.close(), "close");
    }

    // ---- used by StubRoutes, on the event loop

    void record(RecordedRequest request) {
        synchronized (requests) {
            requests.add(request);
            requests.notifyAll();
        }
    }

    String nextRequestId() {
        return "req_stub_" + ids.incrementAndGet();
    }

    StubFailure nextFailure() {
        StubFailure next = once.poll();
        return next != null ? next : standing;
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

    private <T> T await(Future<T> future, String what) {
        Context context = Vertx.currentContext();
        if (context != null && context.owner() == vertx) {
            throw new IllegalStateException("Anthropic stub: cannot " + what + " from its own event loop");
        }
        try {
            return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Anthropic stub: interrupted while waiting to " + what, e);
        } catch (Exception e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("Anthropic stub: cannot " + what + ": " + cause.getMessage(), cause);
        }
    }
}
