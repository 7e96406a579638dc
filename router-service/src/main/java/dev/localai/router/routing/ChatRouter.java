package dev.localai.router.routing;

import dev.localai.openai.ChatCompletionRequest;
import dev.localai.router.RouterException;
import dev.localai.router.backend.Backend;
import dev.localai.router.backend.ChatForwarder;
import dev.localai.router.routing.policy.Decision;
import dev.localai.router.routing.policy.RoutingTable;
import dev.localai.router.routing.policy.Target;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.Set;

/**
 * Routes one chat request: reads its signals, lets the policy decide the chain, and tries the chain
 * in order. A backend that fails before anything reached the client (unreachable, silent, 5xx, 429)
 * hands the request to the next one at once; a failure caused by the request itself (400, 404, 413)
 * goes back to the client.
 */
@ApplicationScoped
public class ChatRouter {

    private static final Logger LOG = Logger.getLogger(ChatRouter.class);
    private static final Set<Integer> TRY_NEXT = Set.of(429, 500, 502, 503, 504);

    private final RoutingTableHolder routing;
    private final SignalReader signals;
    private final ChatForwarder forwarder;
    private final BackendHealth health;

    public ChatRouter(RoutingTableHolder routing, SignalReader signals, ChatForwarder forwarder, BackendHealth health) {
        this.routing = routing;
        this.signals = signals;
        this.forwarder = forwarder;
        this.health = health;
    }

    /** The decision for a request, without sending it anywhere ({@code POST /v1/route/explain}). */
    public Decision explain(ChatCompletionRequest request, Map<String, String> headers) {
        RoutingTable table = routing.table();
        return routing.policy().explain(signals.read(request, headers, table).signals());
    }

    public Future<Void> route(ChatCompletionRequest request, Map<String, String> headers, HttpServerResponse response) {
        RoutingTable table = routing.table();
        SignalReader.Prepared prepared = signals.read(request, headers, table);
        Decision decision = routing.policy().decide(prepared.signals());
        return attempt(table, decision, 0, prepared.request(), response, null);
    }

    private Future<Void> attempt(RoutingTable table, Decision decision, int index, ChatCompletionRequest request,
                                 HttpServerResponse response, String fallbackNote) {
        Target target = decision.chain().get(index);
        Backend backend = table.backends().get(target.backend());
        String reason = decision.reason() + (fallbackNote == null ? "" : "; " + fallbackNote);
        return forwarder.forward(new Route(backend, target.model(), reason), request, response)
                .recover(failure -> {
                    if (failure instanceof RouterException e && "backend_unreachable".equals(e.error().error().code())) {
                        health.markDown(target.backend());
                    }
                    boolean more = index + 1 < decision.chain().size();
                    if (more && !response.headWritten() && !response.closed()
                            && failure instanceof RouterException e && TRY_NEXT.contains(e.status())) {
                        LOG.infof("%s failed (%d), trying %s", target, e.status(), decision.chain().get(index + 1));
                        return attempt(table, decision, index + 1, request, response,
                                "fallback after " + target.backend() + " failed with " + e.status());
                    }
                    return Future.failedFuture(failure);
                });
    }
}
