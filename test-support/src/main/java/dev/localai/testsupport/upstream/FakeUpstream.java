package dev.localai.testsupport.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real HTTP server that speaks the OpenAI chat completions API
 * (https://platform.openai.com/docs/api-reference/chat), for tests and the local dev stack: it
 * answers {@code POST /v1/chat/completions} (JSON, or an event stream ending in {@code data: [DONE]}),
 * {@code GET /v1/models} and llama-server's {@code GET /health}, and can be told to misbehave the
 * ways real backends do (see {@link Behaviour}). It records every request and counts the ones whose
 * client went away before the answer was complete.
 *
 * <p>Runs on its own Vert.x instance, bound to 127.0.0.1. {@link Behaviour#refuse()} closes the
 * listening socket; any later {@link #behave} or {@link #reset()} listens again on the same port.
 */
public final class FakeUpstream implements AutoCloseable {

    public static final String DEFAULT_ANSWER = "Hello from the fake upstream.";

    private final Vertx vertx = Vertx.vertx();
    private final List<RecordedRequest> requests = new ArrayList<>();
    private final Queue<Behaviour> once = new ConcurrentLinkedQueue<>();
    private final AtomicInteger cancelled = new AtomicInteger();
    private final AtomicLong ids = new AtomicLong();
    private final long created = Instant.now().getEpochSecond();
    private volatile String answer = DEFAULT_ANSWER;
    private volatile List<String> models = List.of("fake-model");
    private volatile Behaviour standing = Behaviour.normal();
    private HttpServer server;
    private int port;

    private FakeUpstream() {
    }

    /** Starts on a random free port of 127.0.0.1. */
    public static FakeUpstream start() {
        return start(0);
    }

    /** Starts on {@code port} of 127.0.0.1 (0: a random free port). */
    public static FakeUpstream start(int port) {
        FakeUpstream fake = new FakeUpstream();
        fake.listen(port);
        return fake;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public FakeUpstream answer(String text) {
        this.answer = text;
        return this;
    }

    public FakeUpstream models(String... ids) {
        this.models = List.of(ids);
        return this;
    }

    /** Applies to every following request until changed. */
    public synchronized FakeUpstream behave(Behaviour behaviour) {
        standing = behaviour;
        if (behaviour.kind() == Behaviour.Kind.REFUSE) {
            stopListening();
        } else if (server == null) {
            listen(port);
        }
        return this;
    }

    /** Applies to the next request only (queued: call again to shape the ones after it). */
    public FakeUpstream behaveOnce(Behaviour behaviour) {
        once.add(behaviour);
        return this;
    }

    public List<RecordedRequest> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    public int requestCount() {
        synchronized (requests) {
            return requests.size();
        }
    }

    /** Requests whose client closed the connection before the fake finished answering. */
    public int cancelledCount() {
        return cancelled.get();
    }

    public boolean awaitCancelled(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (cancelled.get() < count) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    /** Back to normal answers with the default text, records and queue cleared, listening again. */
    public synchronized void reset() {
        once.clear();
        synchronized (requests) {
            requests.clear();
        }
        cancelled.set(0);
        answer = DEFAULT_ANSWER;
        behave(Behaviour.normal());
    }

    /** A base URL on 127.0.0.1 where nothing listens, so connecting is refused. */
    public static String unusedPortUrl() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() {
        stopListening();
        await(vertx.close().toCompletionStage().toCompletableFuture());
    }

    private void listen(int wanted) {
        HttpServer created = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(wanted)
                .setReuseAddress(true)).requestHandler(this::handle);
        server = await(created.listen().toCompletionStage().toCompletableFuture());
        port = server.actualPort();
    }

    private void stopListening() {
        if (server != null) {
            await(server.close().toCompletionStage().toCompletableFuture());
            server = null;
        }
    }

    private static <T> T await(java.util.concurrent.CompletableFuture<T> future) {
        try {
            return future.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("fake upstream: " + e.getMessage(), e);
        }
    }

    private void handle(HttpServerRequest request) {
        request.body().onSuccess(body -> {
            Map<String, String> headers = new LinkedHashMap<>();
            request.headers().forEach(h -> headers.put(h.getKey().toLowerCase(), h.getValue()));
            synchronized (requests) {
                requests.add(new RecordedRequest(request.method().name(), request.path(), headers, body.toString(),
                        Instant.now()));
            }
            route(request, body);
        });
    }

    private void route(HttpServerRequest request, Buffer body) {
        String path = request.path();
        String method = request.method().name();
        if ("GET".equals(method) && "/health".equals(path)) {
            json(request, 200, "{\"status\":\"ok\"}");
        } else if ("GET".equals(method) && "/v1/models".equals(path)) {
            json(request, 200, ChatAnswers.models(models, created));
        } else if ("POST".equals(method) && "/v1/chat/completions".equals(path)) {
            JsonNode parsed;
            try {
                parsed = ChatAnswers.JSON.readTree(body.getBytes());
            } catch (IOException e) {
                parsed = null;
            }
            if (parsed == null || !parsed.isObject()) {
                json(request, 400, ChatAnswers.error("We could not parse the JSON body of your request.",
                        "invalid_request_error", null));
                return;
            }
            Behaviour behaviour = once.poll();
            new ChatExchange(vertx, request, behaviour != null ? behaviour : standing,
                    cancelled::incrementAndGet).answer(parsed, "chatcmpl-fake-" + ids.incrementAndGet(), answer);
        } else {
            json(request, 404, ChatAnswers.error("Unknown request URL: " + method + " " + path + ".",
                    "invalid_request_error", "unknown_url"));
        }
    }

    private static void json(HttpServerRequest request, int status, String body) {
        request.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body);
    }

    /** {@code --port N --answer TEXT --model ID}: runs until killed. */
    public static void main(String[] args) throws InterruptedException {
        int port = 8090;
        String text = DEFAULT_ANSWER;
        List<String> modelIds = new ArrayList<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--answer" -> text = args[i + 1];
                case "--model" -> modelIds.add(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        FakeUpstream fake = start(port).answer(text);
        if (!modelIds.isEmpty()) {
            fake.models(modelIds.toArray(String[]::new));
        }
        System.out.println("fake OpenAI-compatible upstream listening on " + fake.baseUrl() + "/v1");
        Runtime.getRuntime().addShutdownHook(new Thread(fake::close));
        Thread.currentThread().join();
    }
}
