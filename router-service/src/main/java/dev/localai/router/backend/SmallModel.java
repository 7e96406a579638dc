package dev.localai.router.backend;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.localai.router.Backend;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import jakarta.inject.Singleton;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A short question to a (small, local) model on the router's own behalf, within a strict time budget: a
 * judge grading an answer, the classifier labelling a request. Not a client's request: no fallback, no
 * log row. Past the budget the backend request is reset. OpenAI-compatible backends only.
 */
@Singleton
public class SmallModel {

    /** The reply's text, or why there is none ({@code text} null). */
    public record Reply(String text, String failure, long millis) {
        public boolean ok() {
            return text != null;
        }
    }

    private final Vertx vertx;
    private final UpstreamClients clients;
    private final ObjectMapper json;

    public SmallModel(Vertx vertx, UpstreamClients clients, ObjectMapper json) {
        this.vertx = vertx;
        this.clients = clients;
        this.json = json;
    }

    /** Asks {@code model} on {@code backend}: {@code system} then {@code user}, at most {@code maxTokens}, temperature 0. */
    public Future<Reply> ask(Backend backend, String model, String system, String user, int maxTokens, Duration budget) {
        long started = System.nanoTime();
        if (Backend.ANTHROPIC.equals(backend.type())) {
            return Future.succeededFuture(new Reply(null, backend.name() + " is not OpenAI-compatible", 0));
        }
        long ms = Math.max(1, budget.toMillis());
        Promise<Reply> reply = Promise.promise();
        AtomicReference<HttpClientRequest> sent = new AtomicReference<>();
        long timer = vertx.setTimer(ms, t -> {
            if (reply.tryComplete(new Reply(null, "no answer within " + ms + " ms", ms))) {
                HttpClientRequest r = sent.get();
                if (r != null) {
                    r.reset();
                }
            }
        });
        URI url = backend.chatCompletionsUrl();
        boolean ssl = "https".equalsIgnoreCase(url.getScheme());
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost(url.getHost())
                .setPort(url.getPort() > 0 ? url.getPort() : ssl ? 443 : 80).setSsl(ssl).setURI(url.getRawPath())
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
        backend.apiKey().ifPresent(key -> options.putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + key));
        backend.headers().forEach(options::putHeader);
        clients.client(backend).request(options)
                .compose(request -> {
                    sent.set(request);
                    return request.send(body(model, system, user, maxTokens));
                })
                .compose(response -> response.body().map(b -> response.statusCode() == 200 ? b
                        : Buffer.buffer("HTTP " + response.statusCode())))
                .onComplete(result -> {
                    vertx.cancelTimer(timer);
                    long took = (System.nanoTime() - started) / 1_000_000;
                    if (result.failed()) {
                        reply.tryComplete(new Reply(null, String.valueOf(result.cause().getMessage()), took));
                        return;
                    }
                    try {
                        var content = json.readTree(result.result().getBytes()).path("choices").path(0)
                                .path("message").path("content");
                        reply.tryComplete(content.isTextual() ? new Reply(content.asText(), null, took)
                                : new Reply(null, "no answer (" + clip(result.result().toString(), 80) + ")", took));
                    } catch (java.io.IOException e) {
                        reply.tryComplete(new Reply(null, "not JSON (" + clip(result.result().toString(), 80) + ")", took));
                    }
                });
        return reply.future();
    }

    private Buffer body(String model, String system, String user, int maxTokens) {
        ObjectNode root = json.createObjectNode().put("model", model).put("max_tokens", maxTokens)
                .put("temperature", 0).put("stream", false);
        ArrayNode list = root.putArray("messages");
        list.addObject().put("role", "system").put("content", system);
        list.addObject().put("role", "user").put("content", user);
        try {
            return Buffer.buffer(json.writeValueAsBytes(root));
        } catch (java.io.IOException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    public static String clip(String text, int max) {
        return text == null ? "" : text.length() > max ? text.substring(0, max) + "…" : text;
    }
}
