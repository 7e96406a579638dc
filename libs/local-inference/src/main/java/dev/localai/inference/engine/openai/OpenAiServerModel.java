package dev.localai.inference.engine.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.localai.inference.Cancellation;
import dev.localai.inference.ChatTurn;
import dev.localai.inference.ContextLengthException;
import dev.localai.inference.Generation;
import dev.localai.inference.GenerationRequest;
import dev.localai.inference.ModelSpec;
import dev.localai.inference.engine.LoadedModel;
import dev.localai.inference.engine.RemoteHttp;
import dev.localai.openai.sse.SseEvent;
import dev.localai.openai.sse.SseReader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

/**
 * A model served by an OpenAI-compatible server. Generation streams {@code /v1/chat/completions} or
 * {@code /v1/completions} with {@code stream_options.include_usage}, so token counts are the server's;
 * a server that sends no usage gets its chunks counted instead. Cancelling closes the connection,
 * which llama-server and vLLM take as the end of the request.
 */
final class OpenAiServerModel implements LoadedModel {

    private static final Duration CALL = Duration.ofSeconds(30);

    private final ModelSpec spec;
    private final RemoteHttp http;
    private final ServerProcess process;

    OpenAiServerModel(ModelSpec spec, RemoteHttp http, ServerProcess process) {
        this.spec = spec;
        this.http = http;
        this.process = process;
    }

    @Override
    public Generation generate(GenerationRequest request, java.util.function.Consumer<String> onText,
                               Cancellation cancellation) {
        StreamTally tally = new StreamTally(request.isChat(), onText);
        SseReader sse = new SseReader(tally::accept);
        long start = System.nanoTime();
        try {
            http.streamLines(spec.url() + (request.isChat() ? "/v1/chat/completions" : "/v1/completions"),
                    body(request), cancellation, line -> {
                        sse.feed(line + "\n");
                        return !tally.done();
                    });
        } catch (IOException e) {
            if (RemoteHttp.contextOverflow(e)) {
                throw new ContextLengthException(spec.name(), "The prompt does not fit the context of the model '"
                        + spec.name() + "': " + RemoteHttp.reason(e));
            }
            throw new UncheckedIOException("the server of " + spec.name() + " failed: " + RemoteHttp.reason(e), e);
        }
        return tally.result(cancellation.isCancelled(), request, start);
    }

    private ObjectNode body(GenerationRequest request) {
        ObjectNode body = RemoteHttp.JSON.createObjectNode().put("model", spec.remoteModelOrName()).put("stream", true);
        body.putObject("stream_options").put("include_usage", true);
        if (request.isChat()) {
            var messages = body.putArray("messages");
            for (ChatTurn turn : request.messages()) {
                messages.addObject().put("role", turn.role()).put("content", turn.content());
            }
        } else {
            body.put("prompt", request.prompt());
        }
        if (request.maxTokens() != null) {
            body.put("max_tokens", request.maxTokens());
        }
        if (request.temperature() != null) {
            body.put("temperature", request.temperature());
        }
        if (request.topP() != null) {
            body.put("top_p", request.topP());
        }
        if (request.seed() != null) {
            body.put("seed", request.seed());
        }
        if (!request.stop().isEmpty()) {
            var stop = body.putArray("stop");
            request.stop().forEach(stop::add);
        }
        return body;
    }

    @Override
    public int countTokens(String text) {
        try {
            JsonNode answer = http.post(spec.url() + "/tokenize", RemoteHttp.JSON.createObjectNode().put("content", text), CALL);
            if (answer.path("tokens").isArray()) {
                return answer.path("tokens").size();
            }
        } catch (IOException e) {
            // not llama-server: estimate below
        }
        return Math.max(1, text.length() / 4);
    }

    @Override
    public boolean supportsEmbeddings() {
        return spec.embeddings();
    }

    @Override
    public float[] embed(String text) {
        try {
            JsonNode answer = http.post(spec.url() + "/v1/embeddings",
                    RemoteHttp.JSON.createObjectNode().put("model", spec.remoteModelOrName()).put("input", text), CALL);
            JsonNode vector = answer.path("data").path(0).path("embedding");
            float[] out = new float[vector.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = (float) vector.get(i).asDouble();
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("the server of " + spec.name() + " failed: " + RemoteHttp.reason(e), e);
        }
    }

    /** A supervised server restarts itself; an unsupervised one is asked whether it still answers. */
    @Override
    public boolean isAlive() {
        return process != null || http.status(spec.url() + "/health", Duration.ofSeconds(2)) == 200
                || http.status(spec.url() + "/v1/models", Duration.ofSeconds(2)) == 200;
    }

    /** Stops a supervised server; an unsupervised one is left running. */
    @Override
    public void close() {
        if (process != null) {
            process.stop();
        }
    }

    ServerProcess process() {
        return process;
    }

    /** Reads the events of one stream: text to the caller, usage and finish reason kept. */
    private static final class StreamTally {
        private final boolean chat;
        private final java.util.function.Consumer<String> onText;
        private final StringBuilder text = new StringBuilder();
        private int chunks;
        private Integer promptTokens;
        private Integer completionTokens;
        private String finish;
        private long firstText = -1;
        private boolean done;

        StreamTally(boolean chat, java.util.function.Consumer<String> onText) {
            this.chat = chat;
            this.onText = onText;
        }

        void accept(SseEvent event) {
            if (event.isDone()) {
                done = true;
                return;
            }
            JsonNode chunk;
            try {
                chunk = RemoteHttp.JSON.readTree(event.data());
            } catch (IOException e) {
                throw new UncheckedIOException("the server sent an event that is not JSON: " + event.data(), e);
            }
            JsonNode usage = chunk.path("usage");
            if (usage.isObject()) {
                promptTokens = usage.path("prompt_tokens").asInt();
                completionTokens = usage.path("completion_tokens").asInt();
            }
            JsonNode choice = chunk.path("choices").path(0);
            String piece = chat ? choice.path("delta").path("content").asText("") : choice.path("text").asText("");
            if (!piece.isEmpty()) {
                if (firstText < 0) {
                    firstText = System.nanoTime();
                }
                chunks++;
                text.append(piece);
                onText.accept(piece);
            }
            if (choice.hasNonNull("finish_reason")) {
                finish = choice.get("finish_reason").asText();
            }
        }

        boolean done() {
            return done;
        }

        Generation result(boolean cancelled, GenerationRequest request, long start) {
            long end = System.nanoTime();
            String reason = cancelled ? Generation.CANCELLED : finish != null ? finish : Generation.STOP;
            return new Generation(text.toString(), promptTokens == null ? 0 : promptTokens,
                    completionTokens == null ? chunks : completionTokens, reason,
                    firstText < 0 ? null : Duration.ofNanos(firstText - start), Duration.ofNanos(end - start));
        }
    }
}
