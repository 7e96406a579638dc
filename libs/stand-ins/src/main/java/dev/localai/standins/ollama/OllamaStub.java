package dev.localai.standins.ollama;

import dev.localai.standins.server.LoopbackStub;
import dev.localai.standins.server.OnceThenStanding;
import dev.localai.standins.upstream.RecordedRequest;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A real HTTP/1.1 server that speaks Ollama's native API, for tests: it stands in for an Ollama server
 * ({@code http://127.0.0.1:11434}), which cannot run here. It follows https://github.com/ollama/ollama/blob/main/docs/api.md
 * (checked against {@code server/routes.go} and {@code api/types.go} where the documentation is silent):
 * <ul>
 *   <li>"Conventions": {@code model:tag} names ({@code :latest} when no tag, matched ignoring case), durations in
 *       nanoseconds, streams of JSON objects unless {@code "stream": false};</li>
 *   <li>"Generate a completion" ({@code POST /api/generate}, with {@code raw}, {@code options}, "Load a model",
 *       "Unload a model") and "Generate a chat completion" ({@code POST /api/chat}, with its load and unload);
 *       see {@link Answer} for the objects, token counting (words) and {@code num_predict}/{@code stop};</li>
 *   <li>"List Local Models" ({@code GET /api/tags}), "List Running Models" ({@code GET /api/ps}, with
 *       {@code expires_at} and {@code size_vram}), "Version" ({@code GET /api/version});</li>
 *   <li>"Generate Embeddings" ({@code POST /api/embed}, {@code input} a string or a list) and the superseded
 *       "Generate Embedding" ({@code POST /api/embeddings}, {@code prompt}); see {@link EmbeddingVectors};</li>
 *   <li>docs/api/streaming.mdx and docs/api/errors.mdx: {@code application/x-ndjson}, one object per line;
 *       errors as {@code {"error": "..."}} with 400/404/500, and mid-stream as an {@code {"error"}} line;</li>
 *   <li>docs/faq.mdx on {@code keep_alive}: see {@link KeepAlive}. Every generation, embedding or empty
 *       request loads the model, and from its end the model stays for its {@code keep_alive} (default 5m);
 *       then it leaves {@code /api/ps}.</li>
 * </ul>
 * The exact error texts are the server's: an unknown model is 404 {@code model 'x' not found} for generate,
 * chat and embed, and {@code model "x" not found, try pulling it first} for {@code /api/embeddings}; a missing
 * model 400 {@code model is required} (chat, embeddings) or 404 {@code model '' not found} (generate, embed);
 * a bad body 400 with Go's JSON message. {@code GET /} answers "Ollama is running"; another path is gin's
 * {@code 404 page not found}, a known path with another method {@code 405 method not allowed}. The
 * OpenAI-compatible {@code /v1} endpoints, pull, push, create, show, copy and delete are not served.
 *
 * <p>Test hooks: the {@link #answer answer}; the {@link #pull pulled} models (default {@value #DEFAULT_MODEL});
 * {@link #evict evicting} a model from memory behind the client's back; a {@link #streamDelay delay} between stream
 * lines and a {@link #loadTime load time}; the answers whose client {@linkplain #clientClosedCount() closed the
 * connection} early; a {@link #failNext failure} for the next model request. Every request is
 * {@linkplain #requests() recorded}. {@link #baseUrl()} is what a client uses as {@code OLLAMA_HOST}; the API is
 * under {@code /api}. Runs on its own Vert.x instance (one event loop, timers, never a sleep), bound to 127.0.0.1
 * ({@link LoopbackStub}); the blocking methods must not be called on that event loop.
 */
public final class OllamaStub extends LoopbackStub {

    public static final String DEFAULT_MODEL = "llama3.2:latest";
    public static final String DEFAULT_ANSWER = "Hello from the Ollama stub.";
    public static final String DEFAULT_VERSION = "0.12.6";
    public static final int DEFAULT_DIMENSIONS = 16;

    private final ModelRegistry models = new ModelRegistry();
    private final OnceThenStanding<OllamaFailure> failures = new OnceThenStanding<>(null);
    private volatile String answer = DEFAULT_ANSWER;
    private volatile String version = DEFAULT_VERSION;
    private volatile int dimensions = DEFAULT_DIMENSIONS;
    private volatile Duration streamDelay = Duration.ZERO;
    private volatile Duration loadTime = Duration.ZERO;

    private OllamaStub() {
        super("Ollama stub");
        models.pull(DEFAULT_MODEL);
    }

    /** Starts on a random free port of 127.0.0.1 with {@value #DEFAULT_MODEL} pulled and nothing loaded. */
    public static OllamaStub start() {
        OllamaStub stub = new OllamaStub();
        stub.listenOrClose(0, new OllamaRoutes(stub, stub.vertx()));
        return stub;
    }

    /** The text every generation answers (cut by {@code stop} and {@code num_predict}); default {@value #DEFAULT_ANSWER}. */
    public OllamaStub answer(String text) {
        this.answer = Objects.requireNonNull(text, "text");
        return this;
    }

    /** Adds models as {@code ollama pull} would; {@code :latest} is added to a name without a tag. */
    public OllamaStub pull(String... names) {
        for (String name : names) {
            models.pull(name);
        }
        return this;
    }

    /** Deletes a model as {@code ollama rm} would (also from memory). */
    public OllamaStub remove(String name) {
        models.remove(name);
        return this;
    }

    /** Drops a model from memory behind the client's back (out of memory, another client); whether it was loaded. */
    public boolean evict(String name) {
        return models.unload(name);
    }

    /** The full names {@code /api/ps} would list now. */
    public List<String> loaded() {
        return models.loadedNames();
    }

    public boolean isLoaded(String name) {
        return models.isLoaded(name);
    }

    /** The pause before each stream line after the first; default none. */
    public OllamaStub streamDelay(Duration delay) {
        this.streamDelay = Objects.requireNonNull(delay, "delay");
        return this;
    }

    /** How long loading a model that is not in memory takes, before any byte of the answer; default none. */
    public OllamaStub loadTime(Duration time) {
        this.loadTime = Objects.requireNonNull(time, "time");
        return this;
    }

    /** What {@code GET /api/version} answers; default {@value #DEFAULT_VERSION}. */
    public OllamaStub version(String text) {
        this.version = Objects.requireNonNull(text, "text");
        return this;
    }

    /** The length of embedding vectors when the request names no {@code dimensions}; default {@value #DEFAULT_DIMENSIONS}. */
    public OllamaStub embeddingDimensions(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("dimensions must be at least 1: " + count);
        }
        this.dimensions = count;
        return this;
    }

    /** The next model request fails this way; calls queue up, one failure per request. */
    public OllamaStub failNext(OllamaFailure failure) {
        failures.once(Objects.requireNonNull(failure, "failure"));
        return this;
    }

    /** The recorded requests to {@code path}, e.g. {@code /api/generate}. */
    public List<RecordedRequest> requestsTo(String path) {
        return requests().stream().filter(r -> r.path().equals(path)).toList();
    }

    /** Answers whose client closed the connection before the stub had finished them. */
    public int clientClosedCount() {
        return ledger.clientClosedCount();
    }

    /** Waits until {@link #clientClosedCount()} reaches {@code count}; false on timeout or interrupt. */
    public boolean awaitClientClosed(int count, Duration timeout) {
        return ledger.awaitClientClosed(count, timeout);
    }

    /**
     * Back to a fresh start: only {@value #DEFAULT_MODEL} pulled, nothing loaded, default answer, version and
     * dimensions, no delays, no failures, no records.
     */
    public void reset() {
        models.clear();
        models.pull(DEFAULT_MODEL);
        answer = DEFAULT_ANSWER;
        version = DEFAULT_VERSION;
        dimensions = DEFAULT_DIMENSIONS;
        streamDelay = Duration.ZERO;
        loadTime = Duration.ZERO;
        failures.reset();
        ledger.clear();
    }

    // ---- used by OllamaRoutes, on the event loop

    ModelRegistry models() {
        return models;
    }

    Runnable clientClosedCounter() {
        return ledger.clientClosedCounter();
    }

    OllamaFailure nextFailure() {
        return failures.next();
    }

    String answerText() {
        return answer;
    }

    String versionText() {
        return version;
    }

    int dimensions() {
        return dimensions;
    }

    Duration streamDelay() {
        return streamDelay;
    }

    Duration loadTime() {
        return loadTime;
    }
}
