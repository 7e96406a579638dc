package dev.localai.router.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A gaming PC manager on loopback, as the console drives it: the API gaming-pc-manager serves
 * ({@code GET /status} in its {@code StatusView} shape, {@code POST /gaming-mode} with
 * {@code {"enabled": …}}, {@code POST /stop-all}, both answering the new status under {@code status}),
 * with its bearer token, and {@code GET /v1/models} for the router's health probe. One model,
 * {@code ready} until stop-all or gaming mode unloads it.
 */
final class GamingPcStandIn implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final String token;
    private volatile boolean gamingMode;
    private volatile String since;
    private volatile String modelState = "ready";
    final AtomicInteger stopAlls = new AtomicInteger();

    GamingPcStandIn(String token) throws IOException {
        this.token = token;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/status", e -> answer(e, status()));
        server.createContext("/gaming-mode", e -> {
            if (guarded(e)) {
                boolean on = JSON.readTree(e.getRequestBody()).path("enabled").asBoolean();
                if (on != gamingMode) {
                    gamingMode = on;
                    since = Instant.now().toString();
                }
                if (on) {
                    modelState = "not_loaded";
                }
                answer(e, control());
            }
        });
        server.createContext("/stop-all", e -> {
            if (guarded(e)) {
                stopAlls.incrementAndGet();
                modelState = "not_loaded";
                answer(e, control());
            }
        });
        server.createContext("/v1/models", e -> answer(e, JSON.createObjectNode().put("object", "list")
                .set("data", JSON.createArrayNode().add(JSON.createObjectNode().put("id", "qwen2.5-32b-instruct")
                        .put("object", "model")))));
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    boolean gamingMode() {
        return gamingMode;
    }

    ObjectNode status() {
        ObjectNode s = JSON.createObjectNode().put("gaming_mode", gamingMode).put("since", since)
                .put("why", since == null ? null : "manual").put("in_flight", 0).put("idle_seconds", 42)
                .put("idle_shutdown_after_seconds", 600);
        s.putArray("models").addObject().put("name", "qwen2.5-32b-instruct").put("engine", "llama_cpp")
                .put("state", modelState).putNull("reason").put("in_flight", 0)
                .put("last_use", Instant.now().minusSeconds(42).toString()).put("memory_mb", 19500);
        s.putNull("idle_shutdown_at");
        s.putObject("gpu_memory").put("used_mb", "ready".equals(modelState) ? 19800 : 300).put("total_mb", 24576);
        return s;
    }

    private ObjectNode control() {
        ObjectNode answer = JSON.createObjectNode();
        answer.set("status", status());
        return answer;
    }

    private boolean guarded(HttpExchange e) throws IOException {
        if (!"POST".equals(e.getRequestMethod())) {
            error(e, 405, "use POST");
            return false;
        }
        if (!("Bearer " + token).equals(e.getRequestHeaders().getFirst("Authorization"))) {
            error(e, 401, "Missing or wrong bearer token.");
            return false;
        }
        return true;
    }

    private static void error(HttpExchange e, int status, String message) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("error").put("message", message).put("type", "invalid_request_error");
        send(e, status, body);
    }

    private static void answer(HttpExchange e, ObjectNode body) throws IOException {
        send(e, 200, body);
    }

    private static void send(HttpExchange e, int status, ObjectNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        e.getResponseHeaders().set("Content-Type", "application/json");
        e.sendResponseHeaders(status, bytes.length);
        e.getResponseBody().write(bytes);
        e.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
