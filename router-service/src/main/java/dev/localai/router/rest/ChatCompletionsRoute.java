package dev.localai.router.rest;

import dev.localai.openai.http.RequestBodies;
import dev.localai.router.chat.ChatRequest;
import dev.localai.router.chat.ChatService;
import dev.localai.router.config.RouterConfig;
import dev.localai.router.keys.KeyFilter;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import jakarta.enterprise.event.Observes;

/**
 * {@code POST /v1/chat/completions}. A plain Vert.x route rather than a JAX-RS resource, because a
 * proxied stream needs the raw response: headers only once the backend's first event is in,
 * event-by-event writes, and a close handler that cancels the backend request. Reads the body and
 * hands the request to its owner ({@link ChatRequest}). Described in {@code META-INF/openapi.yaml}.
 */
@Singleton
public class ChatCompletionsRoute {

    private final ChatService chat;
    private final long maxRequestBytes;

    public ChatCompletionsRoute(ChatService chat, RouterConfig config) {
        this.chat = chat;
        this.maxRequestBytes = config.limits().maxRequestBytes();
    }

    void register(@Observes Router vertxRouter) {
        vertxRouter.post("/v1/chat/completions").handler(this::handle);
    }

    void handle(RoutingContext rc) {
        ChatRequest request = chat.start(rc.request().headers(), rc.get(KeyFilter.KEY), chat.openAi(rc.response()));
        RequestBodies.read(rc.request(), maxRequestBytes, "router.limits.max-request-bytes").onComplete(body -> {
            if (body.failed()) {
                request.refuse(body.cause());
                return;
            }
            IdleConnections.whileAnswering(rc);
            request.run(body.result().getBytes());
        });
    }
}
