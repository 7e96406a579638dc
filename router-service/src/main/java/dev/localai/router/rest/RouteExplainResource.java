package dev.localai.router.rest;

import dev.localai.router.chat.ChatRequestParser;
import dev.localai.router.chat.ChatService;
import dev.localai.router.chat.Decider;
import dev.localai.router.routing.policy.Decision;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionStage;

/**
 * {@code POST /v1/route/explain}: the same body (and headers) as a chat request; returns the routing
 * decision without calling any backend: the signals, every rule tried and why it did or did not
 * match, every filter and what it removed, and the final chain (empty, with the reason, when the
 * request would get a 503), with the complexity signal (who labelled it) and the cascade plan, if any.
 */
@Path("/v1/route/explain")
public class RouteExplainResource {

    private final ChatRequestParser parser;
    private final Decider decider;

    RouteExplainResource(ChatRequestParser parser, Decider decider) {
        this.parser = parser;
        this.decider = decider;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Explains where a chat request would go, without sending it")
    public CompletionStage<Decision> explain(String body, @Context HttpServerRequest request) {
        return decider.decideLabelled(parser.parse(body.getBytes(StandardCharsets.UTF_8)),
                ChatService.lowerCase(request.headers())).map(Decider.Decided::decision).toCompletionStage();
    }
}
