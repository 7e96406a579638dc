package dev.localai.router.quality;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.localai.openai.ApiError;
import dev.localai.openai.ApiException;
import dev.localai.openai.ChatCompletionRequest;
import dev.localai.router.Route;
import dev.localai.router.backend.ExchangeEvents;
import dev.localai.router.client.ClientWriter;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One cascade attempt's answer, held from the client while it is scored: the writer and the exchange
 * events the forwarder is given instead of the client's and the request record's. A JSON answer is held
 * whole; a stream at most {@code hold tokens} content events or {@code hold time} after its first text,
 * whichever comes first (or its end, if sooner). Then {@code judge} scores what is held: a pass releases
 * it (the held events go out in order, then the rest as it comes); a fail drops it, and a stream is
 * cancelled, so the client never sees a byte of it. Confined to the request's event loop.
 */
public final class HeldAnswer implements ClientWriter {

    /** The judged outcome of the hold: pass, or not; {@code release} is then the caller's. */
    interface Judge extends Function<Answer, Future<Boolean>> {
    }

    private final ClientWriter client;
    private final ExchangeEvents record;
    private final AttemptEvents events;
    private final Route route;
    private final ChatCompletionRequest sent;
    private final String taskType;
    private final boolean askedConfidence;
    private final int holdTokens;
    private final long holdMillis;
    private final Vertx vertx;
    private final ObjectMapper json;
    private final long startNanos = System.nanoTime();
    private Judge judge;
    private final Promise<Boolean> judged = Promise.promise();
    private Runnable cancel = () -> { };
    private boolean released;
    private boolean dropped;
    private boolean holdOver;
    private boolean ended;
    private long timer = -1;
    private final List<String> chunks = new ArrayList<>();
    private final List<Double> logprobs = new ArrayList<>();
    private int contentEvents;
    private boolean toolCalls;
    private String finishReason;
    private Buffer body;
    private Answer answer;
    private double score = -1;
    private int entry = -1;

    HeldAnswer(ClientWriter client, ExchangeEvents record, Route route, ChatCompletionRequest sent, String taskType,
               boolean askedConfidence, int holdTokens, long holdMillis, Vertx vertx, ObjectMapper json) {
        this.client = client;
        this.record = record;
        this.events = new AttemptEvents(record);
        this.route = route;
        this.sent = sent;
        this.taskType = taskType;
        this.askedConfidence = askedConfidence;
        this.holdTokens = holdTokens;
        this.holdMillis = holdMillis;
        this.vertx = vertx;
        this.json = json;
    }

    void judge(Judge judge) {
        this.judge = judge;
    }

    Route route() {
        return route;
    }

    /** The request as this attempt sends it (asked for a self-reported confidence or log-probabilities). */
    public ChatCompletionRequest sent() {
        return sent;
    }

    /** Completes once the held answer was judged: true when it passed. Never completes for no answer. */
    Future<Boolean> judged() {
        return judged.future();
    }

    Answer answer() {
        return answer;
    }

    boolean released() {
        return released;
    }

    /** A whole plain answer, held and neither released nor dropped: a candidate for the best so far. */
    boolean kept() {
        return body != null && !released && !dropped;
    }

    /** Its score (null: unscored) and its place in the attempts list. */
    void scored(Double value, int attemptIndex) {
        this.score = value == null ? 0 : value;
        this.entry = attemptIndex;
    }

    double score() {
        return score;
    }

    int entry() {
        return entry;
    }

    double millis() {
        return (System.nanoTime() - startNanos) / 1e6;
    }

    /** What the forwarder learns of this attempt, kept until release. */
    public AttemptEvents events() {
        return events;
    }

    /**
     * The answer goes to the client: what was held, in order, then whatever still comes. {@code headers}
     * puts the router's headers on first. False when the client has gone.
     */
    Future<Void> release(Runnable headers) {
        released = true;
        HttpServerResponse response = client.response();
        if (response.closed()) {
            return Future.succeededFuture();
        }
        headers.run();
        events.release();
        if (body != null) {
            record.firstByte();
            Buffer out = unwrappedBody();
            record.answerBody(out);
            return client.answer(out);
        }
        chunks.forEach(client::chunk);
        chunks.clear();
        if (ended) {
            client.endStream();
        }
        return Future.succeededFuture();
    }

    /** The answer does not go to the client; a stream still running is cancelled. */
    void drop() {
        dropped = true;
        chunks.clear();
        cancelTimer();
        cancel.run();
    }

    // ---- ClientWriter: what the forwarder writes

    @Override
    public HttpServerResponse response() {
        return client.response();
    }

    @Override
    public Future<Void> answer(Buffer completion) {
        if (released) {
            return client.answer(completion);
        }
        body = completion;
        JsonNode tree = parse(completion.getBytes());
        JsonNode choice = tree.path("choices").path(0);
        JsonNode message = choice.path("message");
        String content = message.path("content").isTextual() ? message.path("content").asText() : "";
        Double confidence = null;
        if (askedConfidence) {
            SelfConfidence.Unwrapped unwrapped = SelfConfidence.unwrap(content, json);
            confidence = unwrapped.confidence();
            content = unwrapped.answer() == null ? "" : unwrapped.answer();
        }
        collectLogprobs(choice);
        answer = new Answer(content, true, choice.path("finish_reason").asText(null), logprobs, confidence,
                message.path("tool_calls").size() > 0, sent, taskType);
        holdOver = true;
        return judge.apply(answer).map(pass -> {
            judged.tryComplete(pass);
            return null;
        });
    }

    @Override
    public void chunk(String chunk) {
        if (released) {
            client.chunk(chunk);
            return;
        }
        if (dropped) {
            return;
        }
        chunks.add(chunk);
        if (holdOver) {
            return;                             // scoring what was held; the rest waits with it
        }
        JsonNode tree = parse(chunk.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        for (JsonNode choice : tree.path("choices")) {
            JsonNode delta = choice.path("delta");
            if (delta.path("content").isTextual() && !delta.path("content").asText().isEmpty()
                    || delta.path("reasoning_content").isTextual()) {
                contentEvents++;
            }
            toolCalls |= delta.has("tool_calls");
            if (choice.path("finish_reason").isTextual()) {
                finishReason = choice.path("finish_reason").asText();
            }
            collectLogprobs(choice);
        }
        if (contentEvents >= holdTokens) {
            hold(false);
        } else if (contentEvents > 0 && timer < 0) {
            timer = vertx.setTimer(Math.max(1, holdMillis), t -> {
                timer = -1;
                hold(false);
            });
        }
    }

    @Override
    public void streamError(ApiError error) {
        if (released) {
            client.streamError(error);
        } else {
            dropped = true;                     // the relay fails the attempt: the next backend answers
            cancelTimer();
        }
    }

    @Override
    public void endStream() {
        if (released) {
            client.endStream();
            return;
        }
        ended = true;
        if (!holdOver && !dropped) {
            hold(true);
        }
    }

    @Override
    public void fail(ApiException error) {
        client.fail(error);
    }

    @Override
    public void onCancel(Runnable cancel) {
        this.cancel = cancel;
    }

    // ----

    private void hold(boolean complete) {
        holdOver = true;
        cancelTimer();
        String text = events.receivedText();
        answer = new Answer(text == null ? "" : text, complete, finishReason, logprobs, null, toolCalls, sent, taskType);
        judge.apply(answer).onComplete(r -> judged.tryComplete(r.succeeded() && r.result()));
    }

    private void cancelTimer() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
    }

    /** The JSON answer as the client gets it: with a self-reported confidence, its answer alone. */
    private Buffer unwrappedBody() {
        if (!askedConfidence || answer == null || answer.confidence() == null || Double.isNaN(answer.confidence())) {
            return body;
        }
        JsonNode tree = parse(body.getBytes());
        JsonNode message = tree.path("choices").path(0).path("message");
        if (!(message instanceof ObjectNode m)) {
            return body;
        }
        m.put("content", answer.text());
        try {
            return Buffer.buffer(json.writeValueAsBytes(tree));
        } catch (java.io.IOException impossible) {
            return body;
        }
    }

    private void collectLogprobs(JsonNode choice) {
        for (JsonNode token : choice.path("logprobs").path("content")) {
            if (token.path("logprob").isNumber()) {
                logprobs.add(token.path("logprob").asDouble());
            }
        }
    }

    private JsonNode parse(byte[] bytes) {
        try {
            JsonNode tree = json.readTree(bytes);
            return tree == null ? json.missingNode() : tree;
        } catch (java.io.IOException e) {
            return json.missingNode();
        }
    }
}
