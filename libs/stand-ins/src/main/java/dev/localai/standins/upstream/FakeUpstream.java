package dev.localai.standins.upstream;

import dev.localai.standins.server.LoopbackStub;
import dev.localai.standins.server.OnceThenStanding;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real HTTP/1.1 server that speaks the OpenAI chat completions API as documented at
 * https://platform.openai.com/docs/api-reference/chat, for tests and the local dev stack.
 *
 * <ul>
 *   <li>{@code POST /v1/chat/completions}: a {@code chat.completion} JSON object, or with
 *       {@code "stream": true} an event stream ({@code Content-Type: text/event-stream}) of
 *       {@code data: <chat.completion.chunk>} events ending in {@code data: [DONE]}, with a usage chunk
 *       first when the request asks {@code stream_options.include_usage}. The request's {@code model} is
 *       echoed; ids are {@code chatcmpl-fake-<n>}.</li>
 *   <li>{@code GET /v1/models} (https://platform.openai.com/docs/api-reference/models/list) and
 *       {@code GET /v1/models/{id}}; {@code GET /health} answers {@code {"status":"ok"}} as llama-server does.</li>
 *   <li>Unknown paths: 404; a chat body that is not a JSON object: 400; both in OpenAI's error shape
 *       (https://platform.openai.com/docs/guides/error-codes).</li>
 * </ul>
 *
 * <p><b>Usage counts words</b> (runs of non-whitespace): {@code prompt_tokens} is the words of every
 * message's text ({@code content} as a string, or the {@code text} of its parts), {@code completion_tokens}
 * the words of the answer, {@code total_tokens} their sum.
 *
 * <p>{@link #behave} sets how every following chat request is answered ({@link Behaviour}: delays,
 * chunking, failures); {@link #behaveOnce} queues behaviours for the next requests only. Every request
 * is {@linkplain #requests() recorded}; a chat request whose client closes the connection before the
 * answer is complete is {@linkplain #cancelledCount() counted as cancelled}.
 *
 * <p>{@link #baseUrl()} is {@code http://127.0.0.1:<port>}; the API is under {@code /v1}. Runs on its own
 * Vert.x instance (one event loop, timers only, never a sleep), bound to 127.0.0.1, HTTP/1.1 only (no h2c
 * upgrade, as llama-server), {@code Expect: 100-continue} answered ({@link LoopbackStub}).
 * {@link Behaviour#refuse()} closes the listening socket so connections are refused; {@link #reset()}
 * or any other standing behaviour listens again on the <em>same</em> port. The blocking methods
 * ({@code start}, {@code behave}, {@code reset}, {@code close}) must not be called on the fake's own
 * event loop.
 */
public final class FakeUpstream extends LoopbackStub {

    public static final String DEFAULT_ANSWER = "Hello from the fake upstream.";
    public static final String DEFAULT_MODEL = "fake-model";
    static final int DEFAULT_MAIN_PORT = 8090;

    private final OnceThenStanding<Behaviour> behaviours = new OnceThenStanding<>(Behaviour.normal());
    private final AtomicLong ids = new AtomicLong();
    private final long created = Instant.now().getEpochSecond();
    private volatile String answer = DEFAULT_ANSWER;
    private final java.util.Queue<String> answersOnce = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private volatile Double logprob;
    /** Answers by question: the first whose words the last user message contains. */
    private final java.util.List<Scripted> scripted = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile String finishReason = "stop";
    private volatile String reasoning = "";
    private volatile List<String> models = List.of(DEFAULT_MODEL);
    private volatile String statusPage;

    private FakeUpstream() {
        super("fake upstream");
    }

    /** Starts on a random free port of 127.0.0.1. */
    public static FakeUpstream start() {
        return start(0);
    }

    /** Starts on {@code port} of 127.0.0.1 (0: a random free port); throws if it cannot listen there. */
    public static FakeUpstream start(int port) {
        FakeUpstream fake = new FakeUpstream();
        fake.listenOrClose(port, fake.routes());
        return fake;
    }

    /** The assistant's answer to every chat request; default {@value #DEFAULT_ANSWER}. */
    public FakeUpstream answer(String text) {
        this.answer = Objects.requireNonNull(text, "text");
        return this;
    }

    /** The answer to the next chat request only, then the standing one; calls queue up, one answer per request. */
    public FakeUpstream answerOnce(String text) {
        answersOnce.add(Objects.requireNonNull(text, "text"));
        return this;
    }

    /** One scripted answer: to a question containing {@code question}, this text with this token log-probability. */
    record Scripted(String question, String answer, Double logprob) {
    }

    /**
     * The answer to every chat request whose last user message contains {@code question} (ignoring case), with
     * each token's log-probability {@code logprob} for requests that ask for them (null: the standing
     * {@link #logprob}). Checked in the order given, before the standing answer; {@link #answerOnce} still comes first.
     * For scripting many questions at once (an eval run's prompts under concurrency).
     */
    public FakeUpstream answerTo(String question, String text, Double logprob) {
        scripted.add(new Scripted(Objects.requireNonNull(question, "question").toLowerCase(java.util.Locale.ROOT),
                Objects.requireNonNull(text, "text"), logprob));
        return this;
    }

    /** {@link #answerTo(String, String, Double)} without a log-probability of its own. */
    public FakeUpstream answerTo(String question, String text) {
        return answerTo(question, text, null);
    }

    /**
     * The log-probability of every answer token, sent as OpenAI's {@code choices[].logprobs.content}
     * (https://platform.openai.com/docs/api-reference/chat/object) to requests that ask {@code "logprobs": true}
     * (one entry per word, or per stream piece); null (the default): {@code "logprobs": null}, as a backend
     * that cannot report them.
     */
    public FakeUpstream logprob(Double value) {
        this.logprob = value;
        return this;
    }

    /** The {@code finish_reason} of every answer: {@code stop} (the default), or {@code length} (cut by the token limit). */
    public FakeUpstream finishReason(String reason) {
        this.finishReason = Objects.requireNonNull(reason, "reason");
        return this;
    }

    /**
     * Reasoning the model "thinks" before every answer; default none. Sent as {@code reasoning_content}, the field
     * DeepSeek documents for its reasoning models (https://api-docs.deepseek.com/guides/reasoning_model) and
     * llama.cpp's server and vLLM also use: streamed first, one {@code delta.reasoning_content} per word, then the
     * answer's {@code delta.content}; in a completion as {@code message.reasoning_content}. Its words count in
     * {@code completion_tokens} and in {@code completion_tokens_details.reasoning_tokens}.
     */
    public FakeUpstream reasoning(String text) {
        this.reasoning = Objects.requireNonNull(text, "text");
        return this;
    }

    /** The ids {@code GET /v1/models} lists; default {@value #DEFAULT_MODEL}. */
    public FakeUpstream models(String... ids) {
        this.models = List.of(ids);
        return this;
    }

    /**
     * Serves {@code GET /status} with this JSON, standing in for the gaming PC manager's status page;
     * null (the default) answers 404 there.
     */
    public FakeUpstream statusPage(String json) {
        this.statusPage = json;
        return this;
    }

    /**
     * Applies to every following chat request until changed ({@code /health} and {@code /v1/models}
     * always answer). {@link Behaviour#refuse()} stops listening and closes open connections, which
     * does not count as cancellations; any other behaviour listens again on the same port.
     */
    public synchronized FakeUpstream behave(Behaviour behaviour) {
        requireOpen();
        behaviours.always(Objects.requireNonNull(behaviour, "behaviour"));
        if (behaviour.kind() == Behaviour.Kind.REFUSE) {
            if (isListening()) {
                ledger.forgetOpenExchanges();   // closing their connections is no client cancelling
                stopListening();
            }
        } else if (!isListening()) {
            listen(port(), routes());
        }
        return this;
    }

    /**
     * Applies to the next chat request only, then the standing behaviour resumes; calls queue up, one
     * behaviour per request. Not {@link Behaviour#refuse()}: refusing is about connections, not requests.
     */
    public FakeUpstream behaveOnce(Behaviour behaviour) {
        if (behaviour.kind() == Behaviour.Kind.REFUSE) {
            throw new IllegalArgumentException("refuse() cannot apply to one request; use behave(refuse())");
        }
        behaviours.once(behaviour);
        return this;
    }

    /** The chat completions requests received, in order (not the health probes' {@code /health} or {@code /v1/models}). */
    public List<RecordedRequest> chatRequests() {
        return requests().stream().filter(r -> r.path().equals("/v1/chat/completions")).toList();
    }

    /** Chat requests whose client closed the connection before the fake finished its answer. */
    public int cancelledCount() {
        return ledger.clientClosedCount();
    }

    /** Waits until {@link #cancelledCount()} reaches {@code count}; false on timeout or interrupt. */
    public boolean awaitCancelled(int count, Duration timeout) {
        return ledger.awaitClientClosed(count, timeout);
    }

    /**
     * Back to the state of a fresh start on the same port: normal behaviour (listening again if it
     * refused), the default answer and models, no reasoning, no queued behaviours, no records, no cancellations.
     * Exchanges still open from before are left alone, and their cancellation is not counted.
     */
    public synchronized void reset() {
        behaviours.reset();
        answer = DEFAULT_ANSWER;
        answersOnce.clear();
        scripted.clear();
        logprob = null;
        finishReason = "stop";
        reasoning = "";
        models = List.of(DEFAULT_MODEL);
        statusPage = null;
        behave(Behaviour.normal());
        ledger.clear();
    }

    /** A base URL on 127.0.0.1 where nothing listens (a port just released), so connecting is refused. */
    public static String unusedPortUrl() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops listening, closes every connection and the Vert.x instance. Idempotent. */
    @Override
    public synchronized void close() {
        ledger.forgetOpenExchanges();
        super.close();
    }

    /** Runs standalone until killed: {@code --port N} (default 8090), {@code --answer TEXT}, {@code --model ID}… */
    public static void main(String[] args) {
        FakeUpstreamMain.main(args);
    }

    // ---- used by UpstreamRoutes, on the event loop (never takes this object's monitor)

    Runnable cancellationCounter() {
        return ledger.clientClosedCounter();
    }

    Behaviour nextBehaviour() {
        return behaviours.next();
    }

    /** The scripted answer for a request's last user message, or null. */
    Scripted scriptedFor(String lastUserText) {
        if (lastUserText == null || scripted.isEmpty()) {
            return null;
        }
        String text = lastUserText.toLowerCase(java.util.Locale.ROOT);
        for (Scripted s : scripted) {
            if (text.contains(s.question())) {
                return s;
            }
        }
        return null;
    }

    /** The next {@link #answerOnce} answer, or null. */
    String onceAnswer() {
        return answersOnce.poll();
    }

    String standingAnswer() {
        return answer;
    }

    Double logprobValue() {
        return logprob;
    }

    String finishReasonText() {
        return finishReason;
    }

    String reasoningText() {
        return reasoning;
    }

    List<String> modelIds() {
        return models;
    }

    String statusJson() {
        return statusPage;
    }

    long created() {
        return created;
    }

    long nextId() {
        return ids.incrementAndGet();
    }

    // ---- lifecycle

    /** New routes for each listening socket. */
    private UpstreamRoutes routes() {
        return new UpstreamRoutes(vertx(), this);
    }
}
