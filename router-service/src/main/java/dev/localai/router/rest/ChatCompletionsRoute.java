package dev.localai.router.rest;

import dev.localai.router.backend.ChatForwarder;
import dev.localai.router.config.RouterConfig;
import dev.localai.router.routing.ModelResolver;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * {@code POST /v1/chat/completions}. A plain Vert.x route rather than a JAX-RS resource, because a
 * proxied stream needs the raw response: headers only once the backend's first event is in,
 * event-by-event writes, and a close handler that cancels the backend request. Described in
 * {@code META-INF/openapi.yaml}.
 */
@ApplicationScoped
public class ChatCompletionsRoute {

    private final ChatRequestParser parser;
    private final ModelResolver resolver;
    private final ChatForwarder forwarder;
    private final ErrorResponses errors;
    private final long maxRequestBytes;

    public ChatCompletionsRoute(ChatRequestParser parser, ModelResolver resolver, ChatForwarder forwarder,
                                ErrorResponses errors, RouterConfig config) {
        this.parser = parser;
        this.resolver = resolver;
        this.forwarder = forwarder;
        this.errors = errors;
        this.maxRequestBytes = config.limits().maxRequestBytes();
    }

    void register(@Observes Router router) {
        router.post("/v1/chat/completions").handler(this::handle);
    }

    void handle(RoutingContext rc) {
        RequestBody.read(rc.request(), maxRequestBytes)
                .map(body -> parser.parse(body.getBytes()))
                .compose(request -> forwarder.forward(resolver.resolve(request.model()), request, rc.response()))
                .onFailure(failure -> errors.write(rc.response(), failure));
    }
}
