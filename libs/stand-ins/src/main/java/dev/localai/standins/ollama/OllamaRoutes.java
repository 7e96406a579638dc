package dev.localai.standins.ollama;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.localai.standins.server.LoopbackStub;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The routes of {@link OllamaStub}, checked in the order of Ollama's handlers ({@code server/routes.go}): the
 * body (400), the model name (400/404), an unload ({@code keep_alive: 0} with an empty prompt or no messages,
 * before any failure), then a queued {@link OllamaFailure}, then the load (with the configured load time when
 * the model is not in memory), then the answer. Every request is recorded once its body has arrived, before
 * it is checked.
 */
final class OllamaRoutes implements LoopbackStub.Routes {

    private static final Set<String> GET_PATHS = Set.of("/", "/api/tags", "/api/ps", "/api/version");
    private static final Set<String> POST_PATHS = Set.of("/api/generate", "/api/chat", "/api/embed", "/api/embeddings");

    private final OllamaStub stub;
    private final Vertx vertx;
    private final ModelRegistry models;

    OllamaRoutes(OllamaStub stub, Vertx vertx) {
        this.stub = stub;
        this.vertx = vertx;
        this.models = stub.models();
    }

    @Override
    public void answer(HttpServerRequest request, Buffer body) {
        try {
            route(request, body.toString());
        } catch (OllamaJson.BadBody e) {
            error(request, 400, e.getMessage());
        }
    }

    private void route(HttpServerRequest request, String body) throws OllamaJson.BadBody {
        String method = request.method().name();
        String path = request.path();
        boolean get = "GET".equals(method) || "HEAD".equals(method) && !"/api/ps".equals(path);
        if (get && GET_PATHS.contains(path)) {
            switch (path) {
                case "/" -> request.response().putHeader("Content-Type", "text/plain; charset=utf-8")
                        .end("Ollama is running");
                case "/api/tags" -> json(request, 200, models.tags());
                case "/api/ps" -> json(request, 200, models.ps());
                default -> json(request, 200, OllamaJson.JSON.createObjectNode().put("version", stub.versionText()));
            }
        } else if ("POST".equals(method) && POST_PATHS.contains(path)) {
            switch (path) {
                case "/api/generate" -> generate(request, OllamaJson.object(body, "api.GenerateRequest"));
                case "/api/chat" -> chat(request, OllamaJson.object(body, "api.ChatRequest"));
                case "/api/embed" -> embed(request, OllamaJson.object(body, "api.EmbedRequest"));
                default -> embeddings(request, OllamaJson.object(body, "api.EmbeddingRequest"));
            }
        } else if (GET_PATHS.contains(path) || POST_PATHS.contains(path)) {
            request.response().setStatusCode(405).putHeader("Content-Type", "text/plain").end("405 method not allowed");
        } else {
            request.response().setStatusCode(404).putHeader("Content-Type", "text/plain").end("404 page not found");
        }
    }

    private void generate(HttpServerRequest request, JsonNode json) throws OllamaJson.BadBody {
        KeepAlive keepAlive = KeepAlive.of(json.get("keep_alive"));
        String requested = json.path("model").asText("");
        String name = pulled(request, requested);
        if (name == null) {
            return;
        }
        boolean empty = json.path("prompt").asText("").isEmpty();
        if (empty && json.hasNonNull("keep_alive") && keepAlive.unloads()) {
            models.unload(name);
            request.response().putHeader("Content-Type", Exchange.JSON_TYPE).end(Answer.loadLine(false, requested, "unload"));
            return;
        }
        if (json.path("raw").asBoolean(false) && (!json.path("template").asText("").isEmpty()
                || !json.path("system").asText("").isEmpty() || !json.path("context").isEmpty())) {
            error(request, 400, "raw mode does not support template, system, or context");
            return;
        }
        serve(request, false, json, name, keepAlive, empty);
    }

    private void chat(HttpServerRequest request, JsonNode json) throws OllamaJson.BadBody {
        KeepAlive keepAlive = KeepAlive.of(json.get("keep_alive"));
        if (json.has("messages") && !json.get("messages").isArray() && !json.get("messages").isNull()) {
            throw new OllamaJson.BadBody("json: cannot unmarshal " + (json.get("messages").isTextual() ? "string"
                    : json.get("messages").isNumber() ? "number" : "object")
                    + " into Go struct field ChatRequest.messages of type []api.Message");
        }
        String requested = json.path("model").asText("");
        if (requested.isBlank()) {
            error(request, 400, "model is required");
            return;
        }
        String name = pulled(request, requested);
        if (name == null) {
            return;
        }
        boolean empty = json.path("messages").isEmpty();
        if (empty && json.hasNonNull("keep_alive") && keepAlive.unloads()) {
            models.unload(name);
            request.response().putHeader("Content-Type", Exchange.JSON_TYPE).end(Answer.loadLine(true, requested, "unload"));
            return;
        }
        serve(request, true, json, name, keepAlive, empty);
    }

    /** Answers a load, or the generation: streamed unless {@code "stream": false}. */
    private void serve(HttpServerRequest request, boolean chat, JsonNode json, String name, KeepAlive keepAlive,
                       boolean loadOnly) {
        long arrival = System.nanoTime();
        boolean stream = json.path("stream").asBoolean(true);
        loadThen(request, name, keepAlive, (exchange, load, failure) -> {
            if (failure != null && (loadOnly || !stream)) {
                fail(exchange, failure);
            } else if (loadOnly) {
                exchange.json(200, Answer.loadLine(chat, json.path("model").asText(), "load"));
            } else {
                Answer answer = new Answer(chat, json, stub.answerText());
                if (stream) {
                    List<String> tokens = answer.tokens();
                    exchange.stream(tokens.size(), i -> answer.tokenLine(tokens.get(i)),
                            () -> answer.finalLine(false, Duration.ofNanos(System.nanoTime() - arrival), load),
                            stub.streamDelay(), failure);
                } else {
                    exchange.json(200, answer.finalLine(true, Duration.ofNanos(System.nanoTime() - arrival), load));
                }
            }
        });
    }

    private void embed(HttpServerRequest request, JsonNode json) throws OllamaJson.BadBody {
        KeepAlive keepAlive = KeepAlive.of(json.get("keep_alive"));
        String requested = json.path("model").asText("");
        if (requested.isBlank()) {
            error(request, 404, "model '' not found");
            return;
        }
        List<String> inputs = new ArrayList<>();
        JsonNode input = json.path("input");
        if (input.isTextual() && !input.asText().isEmpty()) {
            inputs.add(input.asText());
        } else if (input.isArray()) {
            for (JsonNode item : input) {
                if (!item.isTextual()) {
                    error(request, 400, "invalid input type");
                    return;
                }
                inputs.add(item.asText());
            }
        } else if (!input.isMissingNode() && !input.isNull() && !input.isTextual()) {
            error(request, 400, "invalid input type");
            return;
        }
        String name = pulled(request, requested);
        if (name == null) {
            return;
        }
        int size = json.path("dimensions").asInt(0) > 0 ? json.path("dimensions").asInt() : stub.dimensions();
        loadThen(request, name, keepAlive, (exchange, load, failure) -> {
            if (failure != null) {
                fail(exchange, failure);
                return;
            }
            ObjectNode answer = OllamaJson.JSON.createObjectNode().put("model", requested);
            var embeddings = answer.putArray("embeddings");
            int words = 0;
            for (String text : inputs) {
                var vector = embeddings.addArray();
                for (float component : EmbeddingVectors.of(text, size)) {
                    vector.add(component);
                }
                words += Answer.words(text);
            }
            if (!inputs.isEmpty()) {
                answer.put("total_duration", Math.max(1, load.toNanos())).put("load_duration", Math.max(1, load.toNanos()));
                answer.put("prompt_eval_count", words);
            }
            exchange.json(200, write(answer));
        });
    }

    /** The full name of a pulled model, or null after answering 404 as generate, chat and embed do. */
    private String pulled(HttpServerRequest request, String requested) {
        String name = models.resolve(requested);
        if (name == null) {
            error(request, 404, "model '" + requested + "' not found");
        }
        return name;
    }

    private void embeddings(HttpServerRequest request, JsonNode json) throws OllamaJson.BadBody {
        KeepAlive keepAlive = KeepAlive.of(json.get("keep_alive"));
        String requested = json.path("model").asText("");
        if (requested.isBlank()) {
            error(request, 400, "model is required");
            return;
        }
        String name = models.resolve(requested);
        if (name == null) {
            error(request, 404, "model " + OllamaJson.JSON.getNodeFactory().textNode(requested)
                    + " not found, try pulling it first");
            return;
        }
        String prompt = json.path("prompt").asText("");
        loadThen(request, name, keepAlive, (exchange, load, failure) -> {
            if (failure != null) {
                fail(exchange, failure);
                return;
            }
            ObjectNode answer = OllamaJson.JSON.createObjectNode();
            var vector = answer.putArray("embedding");
            if (!prompt.isEmpty()) {
                for (float component : EmbeddingVectors.of(prompt, stub.dimensions())) {
                    vector.add(component);
                }
            }
            exchange.json(200, write(answer));
        });
    }

    /** What to answer once the model is loaded; {@code failure} is the queued one (never a status failure). */
    private interface Then {
        void answer(Exchange exchange, Duration load, OllamaFailure failure);
    }

    /**
     * A queued status failure answers at once; otherwise the model is loaded (taking the configured load time
     * when it is not in memory) and {@code then} answers. The model's request ends with the exchange.
     */
    private void loadThen(HttpServerRequest request, String name, KeepAlive keepAlive, Then then) {
        OllamaFailure failure = stub.nextFailure();
        if (failure != null && failure.kind() == OllamaFailure.Kind.STATUS) {
            error(request, failure.status(), failure.message());
            return;
        }
        long arrival = System.nanoTime();
        Duration loading = models.isLoaded(name) ? Duration.ZERO : stub.loadTime();
        models.start(name, keepAlive);
        Exchange exchange = new Exchange(vertx, request, stub.clientClosedCounter(), () -> models.finish(name, keepAlive));
        exchange.after(loading, () -> then.answer(exchange, Duration.ofNanos(System.nanoTime() - arrival), failure));
    }

    /** A failure of an answer that is one JSON object: a dropped connection, else a 500 with the message. */
    private static void fail(Exchange exchange, OllamaFailure failure) {
        if (failure.kind() == OllamaFailure.Kind.DROP) {
            exchange.drop();
        } else {
            exchange.json(failure.status(), Answer.errorLine(failure.message()));
        }
    }

    private static void error(HttpServerRequest request, int status, String message) {
        request.response().setStatusCode(status).putHeader("Content-Type", Exchange.JSON_TYPE)
                .end(Answer.errorLine(message));
    }

    private static void json(HttpServerRequest request, int status, JsonNode body) {
        request.response().setStatusCode(status).putHeader("Content-Type", Exchange.JSON_TYPE).end(write(body));
    }

    private static String write(JsonNode node) {
        try {
            return OllamaJson.JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
