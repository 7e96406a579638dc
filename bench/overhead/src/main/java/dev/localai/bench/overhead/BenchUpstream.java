package dev.localai.bench.overhead;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import java.util.regex.Pattern;

/**
 * The benchmark's fake OpenAI-compatible upstream: as fast as a server can be, so that what the
 * benchmark sees is the router and not the backend. One Vert.x event loop on 127.0.0.1, HTTP/1.1
 * keep-alive, nothing recorded.
 *
 * <ul>
 *   <li>{@code POST /v1/chat/completions}: a fixed {@code chat.completion} (about 330 bytes) at once;
 *       with {@code "stream":true}, {@code chunks} {@code chat.completion.chunk} events, the first
 *       at once and the others {@code gapMs} apart, then a finish chunk and {@code data: [DONE]}.
 *       Each content chunk's text is {@code t<System.nanoTime() at the write> }: on Linux the JVM's
 *       nanoTime is CLOCK_MONOTONIC, shared by every process of the machine, so a client can tell how
 *       long each chunk took to reach it, directly or through the router.</li>
 *   <li>{@code GET /v1/models} lists the model; {@code GET /health} answers ok (the router's probes).</li>
 * </ul>
 *
 * <p>Not the project's {@code FakeUpstream}: that one records every request (a list that grows
 * without bound under saturation) and cannot stamp chunks with their send time.
 */
final class BenchUpstream {

    private static final Pattern STREAM = Pattern.compile("\"stream\"\\s*:\\s*true");
    private static final Buffer ANSWER = Buffer.buffer("{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion\","
            + "\"created\":1700000000,\"model\":\"m\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
            + "\"content\":\"Hello from the benchmark upstream, a fixed answer.\"},\"finish_reason\":\"stop\"}],"
            + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":8,\"total_tokens\":20}}");

    private final int chunks;
    private final long gapMs;
    private final Buffer models;

    private BenchUpstream(int chunks, long gapMs, String model) {
        this.chunks = chunks;
        this.gapMs = gapMs;
        this.models = Buffer.buffer("{\"object\":\"list\",\"data\":[{\"id\":\"" + model
                + "\",\"object\":\"model\",\"created\":1700000000,\"owned_by\":\"bench\"}]}");
    }

    /** Listens on 127.0.0.1 (a free port) on its own Vert.x instance with one event loop. */
    static Started start(int chunks, long gapMs, String model) throws Exception {
        if (chunks < 1 || gapMs < 1) {
            throw new IllegalArgumentException("chunks and gap must be at least 1");
        }
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1)
                .setInternalBlockingPoolSize(1));
        BenchUpstream upstream = new BenchUpstream(chunks, gapMs, model);
        HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0)
                        .setTcpNoDelay(true))
                .requestHandler(upstream::handle)
                .listen()
                .toCompletionStage().toCompletableFuture().get();
        return new Started(vertx, server.actualPort());
    }

    /** A running upstream: its port, and how to stop it. */
    record Started(Vertx vertx, int port) implements AutoCloseable {
        String baseUrl() {
            return "http://127.0.0.1:" + port;
        }

        @Override
        public void close() throws Exception {
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
    }

    private void handle(HttpServerRequest request) {
        String path = request.path();
        HttpServerResponse response = request.response();
        if ("/v1/chat/completions".equals(path) && request.method().name().equals("POST")) {
            request.body().onSuccess(body -> {
                if (STREAM.matcher(body.toString()).find()) {
                    stream(request.response());
                } else {
                    response.putHeader("Content-Type", "application/json").end(ANSWER);
                }
            });
        } else if ("/v1/models".equals(path)) {
            response.putHeader("Content-Type", "application/json").end(models);
        } else if ("/health".equals(path)) {
            response.putHeader("Content-Type", "application/json").end("{\"status\":\"ok\"}");
        } else {
            response.setStatusCode(404).putHeader("Content-Type", "application/json")
                    .end("{\"error\":{\"message\":\"not found\",\"type\":\"invalid_request_error\",\"param\":null,"
                            + "\"code\":null}}");
        }
    }

    private void stream(HttpServerResponse response) {
        response.setChunked(true).putHeader("Content-Type", "text/event-stream").putHeader("Cache-Control", "no-cache");
        response.write(chunk(true));
        if (chunks == 1) {
            finish(response);
            return;
        }
        Vertx vertx = Vertx.currentContext().owner();
        int[] sent = {1};
        long timer = vertx.setPeriodic(gapMs, id -> {
            if (response.closed() || response.ended()) {
                vertx.cancelTimer(id);
                return;
            }
            response.write(chunk(false));
            if (++sent[0] >= chunks) {
                vertx.cancelTimer(id);
                finish(response);
            }
        });
        response.closeHandler(closed -> vertx.cancelTimer(timer));
    }

    private static Buffer chunk(boolean first) {
        return Buffer.buffer("data: {\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
                + "\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{" + (first ? "\"role\":\"assistant\"," : "")
                + "\"content\":\"t" + System.nanoTime() + " \"},\"finish_reason\":null}]}\n\n");
    }

    private static void finish(HttpServerResponse response) {
        response.write("data: {\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
                + "\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n");
        response.end("data: [DONE]\n\n");
    }
}
