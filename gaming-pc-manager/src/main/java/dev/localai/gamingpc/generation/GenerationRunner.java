package dev.localai.gamingpc.generation;

import dev.localai.gamingpc.GamingErrors;
import dev.localai.inference.serving.generation.InferenceCall;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.localai.inference.Cancellation;
import dev.localai.inference.Generation;
import dev.localai.inference.lifecycle.ManagedModel;
import dev.localai.inference.lifecycle.ModelManager;
import dev.localai.inference.serving.ClientError;
import dev.localai.inference.serving.rest.ErrorWriter;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs an {@link InferenceCall} on a generation thread and answers on the raw response: one JSON body,
 * or an event stream whose headers go out only once the model holds a slot and is loaded (so a full
 * queue or a broken model is still a proper 503). A client that disconnects cancels its generation.
 * A failure after the stream started ends it with an error event.
 */
@ApplicationScoped
public class GenerationRunner {

    private final ModelManager models;
    private final ObjectMapper json;
    private final ErrorWriter errors;
    private final ActiveRequests active;
    private final AtomicInteger threads = new AtomicInteger();
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "generation-" + threads.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    public GenerationRunner(ModelManager models, ObjectMapper json, ErrorWriter errors, ActiveRequests active) {
        this.models = models;
        this.json = json;
        this.errors = errors;
        this.active = active;
    }

    /** Call on the event loop: looks the model up (an unknown one fails at once), then runs in the background. */
    public void serve(InferenceCall call, HttpServerResponse response) {
        ManagedModel model = models.model(call.model());
        Cancellation cancellation = new Cancellation();
        response.closeHandler(v -> cancellation.cancel());
        String id = (call.shape() == InferenceCall.Shape.CHAT ? "chatcmpl-" : "cmpl-") + UUID.randomUUID();
        OpenAiResponses answers = new OpenAiResponses(json, call, id);
        active.begin(cancellation);
        pool.execute(() -> {
            SseSink sink = new SseSink(response, json, cancellation);
            boolean[] started = {false};
            try {
                Generation g = model.generate(call.request(), () -> {
                    started[0] = true;
                    if (call.stream()) {
                        sink.open();
                        sink.send(answers.opening());
                    }
                }, text -> {
                    if (call.stream()) {
                        sink.send(answers.piece(text));
                    }
                }, cancellation);
                ActiveRequests.Reason ours = active.cancelledBecause(cancellation);
                if (g.cancelled() && ours != null) {
                    failCancelled(call, sink, response, ours);
                } else if (g.cancelled()) {
                    response.reset();
                } else if (call.stream()) {
                    sink.send(answers.closing(g.finishReason()));
                    if (call.includeUsage()) {
                        sink.send(answers.usage(g));
                    }
                    sink.done();
                } else {
                    response.putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(json.writeValueAsString(answers.whole(g)));
                }
            } catch (Throwable failure) {
                if (started[0] && call.stream()) {
                    sink.send(ClientError.of(failure).error());
                    sink.done();
                } else {
                    errors.write(response, failure);
                }
            } finally {
                active.end(cancellation);
            }
        });
    }

    /** A request this service cancelled (gaming mode, stop-all) still gets an answer in the one error shape. */
    private void failCancelled(InferenceCall call, SseSink sink, HttpServerResponse response, ActiveRequests.Reason why) {
        ClientError error = why == ActiveRequests.Reason.GAMING_MODE ? GamingErrors.gamingMode()
                : GamingErrors.stopped();
        if (response.headWritten()) {
            sink.sendAlways(error.error());
            sink.done();
        } else {
            errors.write(response, error);
        }
    }

    @PreDestroy
    void stop() {
        pool.shutdownNow();
    }
}
