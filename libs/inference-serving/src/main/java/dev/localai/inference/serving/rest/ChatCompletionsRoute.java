package dev.localai.inference.serving.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.localai.inference.serving.InferenceErrors;
import dev.localai.openai.http.ApiErrors;
import dev.localai.openai.http.RequestBodies;

import dev.localai.openai.ApiException;
import dev.localai.inference.serving.generation.GenerationRunner;
import dev.localai.inference.serving.generation.InferenceCall;
import dev.localai.inference.serving.generation.OpenAiRequests;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.function.Function;

/**
 * {@code POST /v1/chat/completions} and {@code POST /v1/completions}. Plain Vert.x routes rather than
 * JAX-RS resources: a stream needs the raw response (headers once the model is ready, event-by-event
 * writes, a close handler that cancels generation). The service's {@code GenerationHooks} may refuse a
 * parsed request ({@code admit}). Each service describes these routes in its {@code META-INF/openapi.yaml}.
 */
@ApplicationScoped
public class ChatCompletionsRoute {

    /** The largest request body taken. */
    public static final long MAX_BYTES = 8L * 1024 * 1024;

    private final OpenAiRequests requests;
    private final GenerationRunner runner;
    private final ObjectMapper json;

    public ChatCompletionsRoute(OpenAiRequests requests, GenerationRunner runner, ObjectMapper json) {
        this.requests = requests;
        this.runner = runner;
        this.json = json;
    }

    void register(@Observes Router router) {
        router.post("/v1/chat/completions").handler(rc -> handle(rc, requests::chat));
        router.post("/v1/completions").handler(rc -> handle(rc, requests::completion));
    }

    private void handle(RoutingContext rc, Function<byte[], InferenceCall> parse) {
        RequestBodies.read(rc.request(), MAX_BYTES, null).onComplete(read -> {
            try {
                if (read.failed()) {
                    throw InferenceErrors.of(read.cause());
                }
                byte[] body = read.result().getBytes();
                InferenceCall call = parse.apply(body);
                runner.hooks().admit(call, rc.request(), body);
                runner.serve(call, rc.response());
            } catch (RuntimeException e) {
                ApiErrors.write(rc.response(), InferenceErrors.of(e), json);
            }
        });
    }
}
