package dev.localai.inference.serving.generation;

import dev.localai.inference.serving.InferenceErrors;
import dev.localai.openai.ApiException;
import dev.localai.openai.http.ApiErrors;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.localai.inference.Cancellation;
import dev.localai.inference.Generation;
import dev.localai.inference.lifecycle.ManagedModel;
import dev.localai.inference.lifecycle.ModelManager;
import dev.localai.openai.sse.SseWriter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs an {@link InferenceCall} on a generation thread and answers on the raw response: one JSON body,
 * or an event stream whose headers go out only once the model holds a slot and is loaded (so a full
 * queue or a broken model is still a proper 503). A client that disconnects cancels its generation.
 * A failure after the stream started ends it with an error event; so does a cancellation by the service
 * itself ({@link GenerationHooks#cancelledByService}), which before the stream started is an error answer.
 */
@ApplicationScoped
public class GenerationRunner {

    private final ModelManager models;
    private final ObjectMapper json;
    private final GenerationHooks hooks;
    private final boolean fastPieces;
    private final AtomicInteger threads = new AtomicInteger();
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "generation-" + threads.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    public GenerationRunner(ModelManager models, ObjectMapper json, Instance<GenerationHooks> hooks) {
        this.models = models;
        this.json = json;
        this.hooks = GenerationHooks.all(hooks.stream().toList());
        this.fastPieces = JsonText.escapesLike(json);
    }

    /** The service's hooks, all of them as one. */
    public GenerationHooks hooks() {
        return hooks;
    }

    /** Call on the event loop: looks the model up (an unknown one fails at once), then runs in the background. */
    public void serve(InferenceCall call, HttpServerResponse response) {
        ManagedModel model = models.model(call.model());
        Cancellation cancellation = new Cancellation();
        response.closeHandler(v -> cancellation.cancel());
        long arrival = System.nanoTime();
        String id = (call.shape() == InferenceCall.Shape.CHAT ? "chatcmpl-" : "cmpl-") + randomId();
        OpenAiResponses answers = new OpenAiResponses(json, call, id, fastPieces);
        Context context = Vertx.currentContext();
        hooks.begin(call, cancellation);
        pool.execute(() -> {
            SseSink sink = new SseSink(response, context, cancellation);
            boolean[] started = {false};
            boolean[] first = {true};
            try {
                Generation g = model.generate(call.request(), () -> {
                    started[0] = true;
                    if (call.stream()) {
                        sink.open();
                        sink.send(event(answers.opening()));
                    }
                }, text -> {
                    if (first[0]) {
                        first[0] = false;
                        hooks.firstToken(call, Duration.ofNanos(System.nanoTime() - arrival));
                    }
                    if (call.stream()) {
                        sink.send(answers.pieceEvent(text));
                    }
                }, cancellation);
                ApiException ours = g.cancelled() ? hooks.cancelledByService(cancellation) : null;
                if (ours != null) {
                    fail(ours, call, started[0], sink, response);
                } else if (g.cancelled()) {
                    hooks.clientLeft(call);
                    response.reset();
                } else if (call.stream()) {
                    sink.send(event(answers.closing(g.finishReason())));
                    if (call.includeUsage()) {
                        sink.send(event(answers.usage(g)));
                    }
                    sink.done();
                } else {
                    Buffer body = Buffer.buffer(json.writeValueAsBytes(answers.whole(g)));
                    response.putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(body);
                }
            } catch (Throwable failure) {
                fail(failure, call, started[0], sink, response);
            } finally {
                hooks.finished(call, cancellation);
            }
        });
    }

    /** An error event that ends the stream once it started, else an error answer. */
    private void fail(Throwable failure, InferenceCall call, boolean started, SseSink sink, HttpServerResponse response) {
        if (started && call.stream()) {
            sink.fail(event(InferenceErrors.of(failure).error()));
        } else {
            ApiErrors.write(response, InferenceErrors.of(failure), json);
        }
    }

    /** One SSE event of {@code value} as JSON; null for null. */
    private String event(Object value) {
        return value == null ? null : SseWriter.data(JsonText.write(json, value));
    }

    /** A random (version 4) UUID, without {@link UUID#randomUUID()}'s SecureRandom: an id, not a secret. */
    private static String randomId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = random.nextLong() & ~0xF000L | 0x4000L;
        long low = random.nextLong() & 0x3FFFFFFFFFFFFFFFL | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    @PreDestroy
    void stop() {
        pool.shutdownNow();
    }
}
