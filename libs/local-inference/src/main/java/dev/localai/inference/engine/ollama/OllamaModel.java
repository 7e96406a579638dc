package dev.localai.inference.engine.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.localai.inference.Cancellation;
import dev.localai.inference.ChatTurn;
import dev.localai.inference.Generation;
import dev.localai.inference.GenerationRequest;
import dev.localai.inference.engine.LoadedModel;
import dev.localai.inference.engine.RemoteHttp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * A model loaded in Ollama. Chat streams {@code POST /api/chat}, completions {@code POST /api/generate}
 * with {@code raw: true}; both answer one JSON object per line, the last with {@code done: true} and the
 * token counts ({@code prompt_eval_count}, {@code eval_count}). A line {@code {"error": "..."}} (Ollama's
 * mid-stream error), an error status or a stream that ends before its {@code done} line fails the
 * generation with Ollama's message. Every request sends {@code keep_alive: -1}: a request without it
 * would reset the model's stay in memory to Ollama's default of 5 minutes. Ollama has no tokenize
 * endpoint, so {@link #countTokens} estimates four characters per token.
 */
final class OllamaModel implements LoadedModel {

    private final String url;
    private final String model;
    private final boolean embeddings;
    private final RemoteHttp http;

    OllamaModel(String url, String model, boolean embeddings, RemoteHttp http) {
        this.url = url;
        this.model = model;
        this.embeddings = embeddings;
        this.http = http;
    }

    /**
     * Whether {@code /api/tags} or {@code /api/ps} lists {@code name}, as Ollama matches names: a name
     * without a tag means {@code :latest}, and case does not matter.
     */
    static boolean listed(JsonNode answer, String name) {
        String wanted = withTag(name);
        for (JsonNode m : answer.path("models")) {
            String listed = m.path("name").asText(m.path("model").asText(""));
            if (withTag(listed).equalsIgnoreCase(wanted)) {
                return true;
            }
        }
        return false;
    }

    private static String withTag(String name) {
        return name.substring(name.lastIndexOf('/') + 1).contains(":") ? name : name + ":latest";
    }

    @Override
    public Generation generate(GenerationRequest request, Consumer<String> onText, Cancellation cancellation) {
        ObjectNode body = RemoteHttp.JSON.createObjectNode().put("model", model).put("stream", true).put("keep_alive", -1);
        if (request.isChat()) {
            var messages = body.putArray("messages");
            for (ChatTurn turn : request.messages()) {
                messages.addObject().put("role", turn.role()).put("content", turn.content());
            }
        } else {
            body.put("prompt", request.prompt()).put("raw", true);
        }
        body.set("options", options(request));
        long start = System.nanoTime();
        long[] firstText = {-1};
        StringBuilder text = new StringBuilder();
        JsonNode[] done = {null};
        try {
            http.streamLines(url + (request.isChat() ? "/api/chat" : "/api/generate"), body, cancellation, line -> {
                if (line.isBlank()) {
                    return true;
                }
                JsonNode event = read(line);
                if (event.hasNonNull("error")) {
                    throw failure(event.path("error").asText(), null);
                }
                String piece = request.isChat() ? event.path("message").path("content").asText("")
                        : event.path("response").asText("");
                if (!piece.isEmpty()) {
                    firstText[0] = firstText[0] < 0 ? System.nanoTime() : firstText[0];
                    text.append(piece);
                    onText.accept(piece);
                }
                if (event.path("done").asBoolean(false)) {
                    done[0] = event;
                    return false;
                }
                return true;
            });
        } catch (IOException e) {
            throw failure(RemoteHttp.reason(e), e);
        }
        long end = System.nanoTime();
        if (done[0] == null && !cancellation.isCancelled()) {
            throw failure("the answer ended before its last line (done: true)", null);
        }
        JsonNode last = done[0] == null ? RemoteHttp.JSON.createObjectNode() : done[0];
        String finish = cancellation.isCancelled() ? Generation.CANCELLED
                : "length".equals(last.path("done_reason").asText()) ? Generation.LENGTH : Generation.STOP;
        return new Generation(text.toString(), last.path("prompt_eval_count").asInt(0), last.path("eval_count").asInt(0),
                finish, firstText[0] < 0 ? null : Duration.ofNanos(firstText[0] - start), Duration.ofNanos(end - start));
    }

    private UncheckedIOException failure(String reason, IOException cause) {
        return new UncheckedIOException("Ollama failed for " + model + ": " + reason,
                cause != null ? cause : new IOException(reason));
    }

    private static ObjectNode options(GenerationRequest request) {
        ObjectNode options = RemoteHttp.JSON.createObjectNode();
        if (request.maxTokens() != null) {
            options.put("num_predict", request.maxTokens());
        }
        if (request.temperature() != null) {
            options.put("temperature", request.temperature());
        }
        if (request.topP() != null) {
            options.put("top_p", request.topP());
        }
        if (request.seed() != null) {
            options.put("seed", request.seed());
        }
        if (!request.stop().isEmpty()) {
            var stop = options.putArray("stop");
            request.stop().forEach(stop::add);
        }
        return options;
    }

    private static JsonNode read(String line) {
        try {
            return RemoteHttp.JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException("Ollama sent a line that is not JSON: " + line, e);
        }
    }

    @Override
    public int countTokens(String text) {
        return Math.max(1, text.length() / 4);
    }

    @Override
    public boolean supportsEmbeddings() {
        return embeddings;
    }

    @Override
    public float[] embed(String text) {
        try {
            JsonNode answer = http.post(url + "/api/embed", RemoteHttp.JSON.createObjectNode().put("model", model)
                    .put("input", text).put("keep_alive", -1), OllamaEngine.CALL);
            JsonNode vector = answer.path("embeddings").path(0);
            float[] out = new float[vector.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = (float) vector.get(i).asDouble();
            }
            return out;
        } catch (IOException e) {
            throw failure(RemoteHttp.reason(e), e);
        }
    }

    /** Whether Ollama still holds the model ({@code GET /api/ps}); it may have evicted it on its own. */
    @Override
    public boolean isAlive() {
        try {
            return listed(http.get(url + "/api/ps", OllamaEngine.CALL), model);
        } catch (IOException e) {
            return false;
        }
    }

    /** Asks Ollama to unload now ({@code keep_alive: 0}). */
    @Override
    public void close() {
        try {
            http.post(url + "/api/generate", RemoteHttp.JSON.createObjectNode().put("model", model).put("keep_alive", 0),
                    OllamaEngine.CALL);
        } catch (IOException e) {
            // Ollama is gone or the model already unloaded: nothing left to free
        }
    }
}
