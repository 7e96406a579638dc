package dev.localai.bench.opencode;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import java.util.concurrent.TimeUnit;

/**
 * The provider behind OpenCode: an OpenAI-compatible chat completions stream as fast as a server can be
 * (https://platform.openai.com/docs/api-reference/chat-streaming/streaming), so what the benchmark sees is
 * OpenCode and the bridge. {@code POST /v1/chat/completions} streams {@code chunks} pieces of a fixed answer,
 * the first at once and the others {@code gapMs} apart, then a finish chunk, a usage chunk and
 * {@code data: [DONE]}; any other request is a 404. Nothing is recorded.
 */
final class BenchProvider implements AutoCloseable {

    static final String ANSWER = "The quick brown fox jumps over the lazy dog again and again.";

    private final HttpServer server;
    private final Vertx vertx;
    private final String[] pieces;
    private final long gapMs;

    private BenchProvider(Vertx vertx, int chunks, long gapMs) throws Exception {
        this.vertx = vertx;
        this.gapMs = gapMs;
        this.pieces = split(ANSWER, chunks);
        this.server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0)
                .setTcpNoDelay(true)).requestHandler(this::handle).listen().toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    static BenchProvider start(Vertx vertx, int chunks, long gapMs) throws Exception {
        return new BenchProvider(vertx, chunks, gapMs);
    }

    /** {@code http://127.0.0.1:<port>/v1}. */
    String baseUrl() {
        return "http://127.0.0.1:" + server.actualPort() + "/v1";
    }

    private void handle(HttpServerRequest request) {
        request.body().onSuccess(body -> {
            HttpServerResponse response = request.response();
            if (!"/v1/chat/completions".equals(request.path())) {
                response.setStatusCode(404).end("{\"error\":{\"message\":\"not here\",\"type\":\"invalid_request_error\"}}");
                return;
            }
            response.setChunked(true).putHeader("Content-Type", "text/event-stream").putHeader("Cache-Control", "no-cache");
            send(response, 0);
        });
    }

    private void send(HttpServerResponse response, int next) {
        if (response.closed()) {
            return;
        }
        if (next == pieces.length) {
            response.end(chunk("{}", "\"stop\"")
                    + "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[],"
                    + "\"usage\":{\"prompt_tokens\":20,\"completion_tokens\":" + pieces.length + ",\"total_tokens\":"
                    + (20 + pieces.length) + "}}\n\ndata: [DONE]\n\n");
            return;
        }
        String delta = "{" + (next == 0 ? "\"role\":\"assistant\"," : "") + "\"content\":\"" + pieces[next] + "\"}";
        response.write(chunk(delta, "null"));
        if (gapMs == 0) {
            send(response, next + 1);
        } else {
            vertx.setTimer(gapMs, id -> send(response, next + 1));
        }
    }

    private static String chunk(String delta, String finish) {
        return "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{"
                + "\"index\":0,\"delta\":" + delta + ",\"finish_reason\":" + finish + "}]}\n\n";
    }

    private static String[] split(String text, int chunks) {
        String[] words = text.split("(?<= )");
        int n = Math.max(1, Math.min(chunks, words.length));
        String[] out = new String[n];
        for (int i = 0; i < n; i++) {
            StringBuilder piece = new StringBuilder();
            for (int w = i * words.length / n; w < (i + 1) * words.length / n; w++) {
                piece.append(words[w]);
            }
            out[i] = piece.toString();
        }
        return out;
    }

    @Override
    public void close() {
        server.close();
    }
}
