package dev.localai.inference.serving.rest;

import dev.localai.inference.serving.ClientError;
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

    private final OpenAiRequests requests;
    private final GenerationRunner runner;
    private final ErrorWriter errors;

    public ChatCompletionsRoute(OpenAiRequests requests, GenerationRunner runner, ErrorWriter errors) {
        this.requests = requests;
        this.runner = runner;
        this.errors = errors;
    }

    void register(@Observes Router router) {
        router.post("/v1/chat/completions").handler(rc -> handle(rc, requests::chat));
        router.post("/v1/completions").handler(rc -> handle(rc, requests::completion));
    }

    private void handle(RoutingContext rc, Function<byte[], InferenceCall> parse) {
        RequestBody.read(rc.request()).onComplete(body -> {
            try {
                if (body.failed()) {
                    throw body.cause() instanceof ClientError e ? e
                            : ClientError.badRequest("The request body could not be read: " + body.cause().getMessage(), null);
                }
                InferenceCall call = parse.apply(body.result());
                runner.hooks().admit(call, rc.request(), body.result());
                runner.serve(call, rc.response());
            } catch (RuntimeException e) {
                errors.write(rc.response(), e);
            }
        });
    }
}
