package dev.localai.router.rest;

import dev.localai.openai.ChatCompletionRequest;
import dev.localai.openai.ChatMessage;
import dev.localai.router.RouterException;
import dev.localai.router.accounting.Budgets;
import dev.localai.router.accounting.Costing;
import dev.localai.router.accounting.LoggedRequest;
import dev.localai.router.accounting.RequestLog;
import dev.localai.router.cache.ResponseCache;
import dev.localai.router.keys.ClientKey;
import dev.localai.router.keys.KeyFilter;
import dev.localai.router.accounting.RequestRecord;
import io.vertx.core.http.HttpServerResponse;

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
    private final RequestLog requestLog;
    private final Budgets budgets;
    private final Costing costing;
    private final ResponseCache cache;
    private final boolean keepText;
    private final ChatRouter router;
    private final ErrorResponses errors;
    private final long maxRequestBytes;

    public ChatCompletionsRoute(ChatRequestParser parser, ChatRouter router, ErrorResponses errors,
                                RouterConfig config, RequestLog requestLog, Budgets budgets, Costing costing,
                                ResponseCache cache) {
        this.cache = cache;
        this.budgets = budgets;
        this.costing = costing;
        this.parser = parser;
        this.requestLog = requestLog;
        this.keepText = config.log().content();
        this.router = router;
        this.errors = errors;
        this.maxRequestBytes = config.limits().maxRequestBytes();
    }

    void register(@Observes Router vertxRouter) {
        vertxRouter.post("/v1/chat/completions").handler(this::handle);
    }

    void handle(RoutingContext rc) {
        RequestRecord record = new RequestRecord();
        HttpServerResponse response = rc.response();
        ClientKey key = rc.get(KeyFilter.KEY);
        Map<String, String> headers = headers(rc.request().headers());
        if (key != null) {
            record.clientKey(key.name());
            if (!key.forcedTags().isEmpty()) {
                headers.merge("x-router-tags", String.join(",", key.forcedTags()), (mine, forced) -> mine + "," + forced);
            }
        }
        response.putHeader("X-Request-Id", record.id().toString());
        RequestBody.read(rc.request(), maxRequestBytes)
                .map(body -> {
                    IdleConnections.whileAnswering(rc);
                    return parser.parse(body.getBytes());
                })
                .compose(request -> {
                    record.requested(request.model(), request.wantsStream(), keepText ? lastUserText(request) : null);
                    return router.route(request, headers, response, record, key);
                })
                .onComplete(done -> {
                    if (done.failed()) {
                        RouterException error = ErrorResponses.toClientError(done.cause());
                        record.failed(error.error().error().message());
                        errors.write(response, error);
                    }
                    LoggedRequest logged = record.finish(loggedStatus(response), keepText);
                    if (done.succeeded() && logged.status() == 200 && record.answerBody() != null) {
                        cache.put(record.cacheLookup(), record.answerBody(), record.backend(), record.servedModel());
                    }
                    if (record.reservation() != null) {
                        budgets.settle(record.reservation(), logged, costing);
                    }
                    requestLog.submit(logged);
                });
    }

    /** The status the client got; 499 (as nginx logs it) when the client left before the end. */
    static int loggedStatus(HttpServerResponse response) {
        return response.closed() && !response.ended() ? 499 : response.getStatusCode();
    }

    private static String lastUserText(ChatCompletionRequest request) {
        for (int i = request.messages().size() - 1; i >= 0; i--) {
            ChatMessage message = request.messages().get(i);
            if ("user".equals(message.role())) {
                return message.text();
            }
        }
        return null;
    }

    /** Request headers by lower-case name (the last value of a repeated header). */
    static Map<String, String> headers(MultiMap headers) {
        Map<String, String> out = new HashMap<>();
        headers.forEach(h -> out.put(h.getKey().toLowerCase(Locale.ROOT), h.getValue()));
        return out;
    }
}
