package dev.localai.router.quality;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.localai.inference.Cancellation;
import dev.localai.inference.ChatTurn;
import dev.localai.inference.EngineKind;
import dev.localai.inference.Generation;
import dev.localai.inference.GenerationRequest;
import dev.localai.inference.ModelSpec;
import dev.localai.inference.engine.LoadedModel;
import dev.localai.inference.engine.llamacpp.LlamaCppEngine;
import dev.localai.inference.gguf.TinyLlama;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The demo 3070 as {@code ./run.sh} has it: real llama.cpp in-process ({@code de.kherud:llama} through
 * local-inference's engine) on the tiny random-weight model the project generates ({@link TinyLlama}),
 * served over OpenAI's chat completions API (https://platform.openai.com/docs/api-reference/chat/create and
 * .../chat-streaming): a {@code chat.completion}, or an SSE stream of {@code chat.completion.chunk}s (role,
 * content pieces, {@code finish_reason}, usage when {@code stream_options.include_usage}) ending in
 * {@code data: [DONE]}; {@code GET /v1/models} lists the model. One slot, requests take turns; a client that
 * leaves cancels its generation. It samples with seed 42 unless the request names one, so an answer is the
 * same on every run.
 */
final class DemoModelBackend implements AutoCloseable {

    static final String MODEL = "demo-tiny";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LoadedModel model;
    private final Vertx vertx = Vertx.vertx();
    private final ExecutorService slot = Executors.newSingleThreadExecutor(r -> new Thread(r, "demo-model-slot"));
    private final AtomicLong ids = new AtomicLong();
    private final HttpServer server;

    private DemoModelBackend(Path dir) throws Exception {
        Path gguf = TinyLlama.ensure(dir.resolve("demo-tiny-42.gguf"), TinyLlama.DEFAULT_SEED);
        model = new LlamaCppEngine().load(new ModelSpec(MODEL, EngineKind.LLAMA_CPP, gguf, null, null, List.of(), 1024,
                1, 1, 8, 0, Duration.ZERO, false, false, null));
        server = vertx.createHttpServer().requestHandler(this::handle).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    static DemoModelBackend start(Path dir) {
        try {
            return new DemoModelBackend(dir);
        } catch (Exception e) {
            throw new IllegalStateException("the demo model did not start: " + e.getMessage(), e);
        }
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    private void handle(HttpServerRequest request) {
        if (request.path().equals("/v1/models")) {
            request.response().putHeader("Content-Type", "application/json")
                    .end("{\"object\":\"list\",\"data\":[{\"id\":\"" + MODEL + "\",\"object\":\"model\",\"owned_by\":\"demo\"}]}");
        } else if (request.path().equals("/v1/chat/completions") && request.method().name().equals("POST")) {
            request.body().onSuccess(body -> {
                try {
                    chat(JSON.readTree(body.getBytes()), request.response());
                } catch (java.io.IOException e) {
                    request.response().setStatusCode(400).putHeader("Content-Type", "application/json")
                            .end("{\"error\":{\"message\":\"not JSON\",\"type\":\"invalid_request_error\"}}");
                }
            });
        } else {
            request.response().setStatusCode(404).end();
        }
    }

    private void chat(JsonNode body, HttpServerResponse response) {
        List<ChatTurn> turns = new ArrayList<>();
        for (JsonNode m : body.path("messages")) {
            JsonNode content = m.path("content");
            StringBuilder text = new StringBuilder(content.isTextual() ? content.asText() : "");
            content.forEach(part -> text.append(part.path("text").asText("")));
            turns.add(new ChatTurn(m.path("role").asText("user"), text.toString()));
        }
        JsonNode max = body.has("max_completion_tokens") ? body.path("max_completion_tokens") : body.path("max_tokens");
        GenerationRequest generation = GenerationRequest.chat(turns, max.isNumber() ? max.asInt() : null)
                .withSampling(body.path("temperature").isNumber() ? body.path("temperature").asDouble() : null, null,
                        body.path("seed").isNumber() ? body.path("seed").asLong() : 42L);
        boolean stream = body.path("stream").asBoolean(false);
        String id = "chatcmpl-demo-" + ids.incrementAndGet();
        Cancellation cancellation = new Cancellation();
        response.closeHandler(v -> cancellation.cancel());
        if (stream) {
            response.setChunked(true).putHeader("Content-Type", "text/event-stream");
            response.write(sse(chunk(id, JSON.createObjectNode().put("role", "assistant").put("content", ""), null)));
        }
        slot.execute(() -> {
            Generation g;
            try {
                g = model.generate(generation, piece -> {
                    if (stream && !cancellation.isCancelled()) {
                        response.write(sse(chunk(id, JSON.createObjectNode().put("content", piece), null)));
                    }
                }, cancellation);
            } catch (RuntimeException e) {
                String error = JSON.createObjectNode().set("error", JSON.createObjectNode()
                        .put("message", String.valueOf(e.getMessage())).put("type", "server_error")).toString();
                if (stream) {
                    response.end("data: " + error + "\n\n");
                } else {
                    response.setStatusCode(503).putHeader("Content-Type", "application/json").end(error);
                }
                return;
            }
            if (cancellation.isCancelled()) {
                return;
            }
            ObjectNode usage = JSON.createObjectNode().put("prompt_tokens", g.promptTokens())
                    .put("completion_tokens", g.completionTokens())
                    .put("total_tokens", g.promptTokens() + g.completionTokens());
            if (stream) {
                response.write(sse(chunk(id, JSON.createObjectNode(), g.finishReason())));
                if (body.path("stream_options").path("include_usage").asBoolean(false)) {
                    ObjectNode last = completion(id, "chat.completion.chunk");
                    last.putArray("choices");
                    last.set("usage", usage);
                    response.write(sse(last));
                }
                response.end("data: [DONE]\n\n");
            } else {
                ObjectNode answer = completion(id, "chat.completion");
                ObjectNode choice = answer.putArray("choices").addObject().put("index", 0);
                choice.putObject("message").put("role", "assistant").put("content", g.text());
                choice.put("finish_reason", g.finishReason());
                answer.set("usage", usage);
                response.putHeader("Content-Type", "application/json").end(answer.toString());
            }
        });
    }

    private static ObjectNode completion(String id, String object) {
        return JSON.createObjectNode().put("id", id).put("object", object)
                .put("created", System.currentTimeMillis() / 1000).put("model", MODEL);
    }

    private static ObjectNode chunk(String id, ObjectNode delta, String finishReason) {
        ObjectNode chunk = completion(id, "chat.completion.chunk");
        ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
        choice.set("delta", delta);
        if (finishReason != null) {
            choice.put("finish_reason", finishReason);
        } else {
            choice.putNull("finish_reason");
        }
        return chunk;
    }

    private static String sse(ObjectNode data) {
        return "data: " + data + "\n\n";
    }

    @Override
    public void close() {
        slot.shutdownNow();
        model.close();
        vertx.close();
    }
}
