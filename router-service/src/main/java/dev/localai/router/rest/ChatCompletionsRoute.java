package dev.localai.router.rest;

import dev.localai.router.config.RouterConfig;
import dev.localai.router.routing.ChatRouter;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code POST /v1/chat/completions}. A plain Vert.x route rather than a JAX-RS resource, because a
 * proxied stream needs the raw response: headers only once the backend's first event is in,
 * event-by-event writes, and a close handler that cancels the backend request. Described in
 * {@code META-INF/openapi.yaml}.
 */
@ApplicationScoped
public class ChatCompletionsRoute {

    private final ChatRequestParser parser;
    private final ChatRouter router;
    private final ErrorResponses errors;
    private final long maxRequestBytes;

    public ChatCompletionsRoute(ChatRequestParser parser, ChatRouter router, ErrorResponses errors,
                                RouterConfig config) {
        this.parser = parser;
        this.router = router;
        this.errors = errors;
        this.maxRequestBytes = config.limits().maxRequestBytes();
    }

    void register(@Observes Router vertxRouter) {
        vertxRouter.post("/v1/chat/completions").handler(this::handle);
    }

    void handle(RoutingContext rc) {
        RequestBody.read(rc.request(), maxRequestBytes)
                .map(body -> parser.parse(body.getBytes()))
                .compose(request -> router.route(request, headers(rc.request().headers()), rc.response()))
                .onFailure(failure -> errors.write(rc.response(), failure));
    }

    /** Request headers by lower-case name (the last value of a repeated header). */
    static Map<String, String> headers(MultiMap headers) {
        Map<String, String> out = new HashMap<>();
        headers.forEach(h -> out.put(h.getKey().toLowerCase(Locale.ROOT), h.getValue()));
        return out;
    }
}
