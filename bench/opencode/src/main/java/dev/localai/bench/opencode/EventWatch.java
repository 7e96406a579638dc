package dev.localai.bench.opencode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.localai.openai.sse.SseReader;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark's own subscriber to OpenCode's {@code GET /event}: for every session, when OpenCode had its
 * prompt (the user message's {@code message.updated}), when its first answer token went out
 * ({@code message.part.delta} of a text part) and when it was done ({@code session.idle}), by this JVM's
 * clock. Sessions are told apart by id, so the bridge's own sessions are timed as well as the benchmark's.
 */
final class EventWatch {

    /** Times of one session, {@link System#nanoTime()}; 0 until seen. */
    static final class Times {
        volatile long prompt;
        volatile long firstDelta;
        final CompletableFuture<Long> idle = new CompletableFuture<>();
        final Set<String> textParts = ConcurrentHashMap.newKeySet();
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<String, Times> sessions = new ConcurrentHashMap<>();
    private volatile String lastPrompted;

    private EventWatch() {
    }

    static EventWatch open(Vertx vertx, OpencodeServer opencode) throws Exception {
        EventWatch watch = new EventWatch();
        CompletableFuture<Void> connected = new CompletableFuture<>();
        HttpClient http = vertx.createHttpClient();
        SseReader reader = new SseReader(event -> watch.on(event.data(), connected));
        http.request(new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(opencode.port)
                        .setURI("/event").putHeader("Authorization", opencode.authorization()))
                .compose(request -> request.send())
                .onSuccess(response -> response.handler(chunk -> reader.feed(chunk.getBytes())))
                .onFailure(connected::completeExceptionally);
        connected.get(30, TimeUnit.SECONDS);
        return watch;
    }

    Times session(String id) {
        return sessions.computeIfAbsent(id, k -> new Times());
    }

    /**
     * The times of the session OpenCode last had a prompt for, once that was after {@code since} and its answer
     * is done (the bridge may answer in a session it made before); waits up to {@code waitMs} for this subscriber
     * to have seen it all; null if it did not.
     */
    Times promptedSince(long since, long waitMs) throws InterruptedException {
        long deadline = System.nanoTime() + waitMs * 1_000_000;
        while (System.nanoTime() < deadline) {
            String id = lastPrompted;
            Times times = id == null ? null : sessions.get(id);
            if (times != null && times.prompt >= since && times.firstDelta != 0 && times.idle.isDone()) {
                return times;
            }
            Thread.sleep(1);
        }
        return null;
    }

    private void on(String data, CompletableFuture<Void> connected) {
        long now = System.nanoTime();
        JsonNode event;
        try {
            event = JSON.readTree(data);
        } catch (Exception e) {
            return;
        }
        JsonNode p = event.path("properties");
        switch (event.path("type").asText()) {
            case "server.connected" -> connected.complete(null);
            case "message.updated" -> {
                JsonNode info = p.path("info");
                Times times = session(info.path("sessionID").asText());
                if ("user".equals(info.path("role").asText()) && times.prompt == 0) {
                    times.prompt = now;
                    lastPrompted = info.path("sessionID").asText();
                }
            }
            case "message.part.updated" -> {
                JsonNode part = p.path("part");
                if ("text".equals(part.path("type").asText())) {
                    session(part.path("sessionID").asText()).textParts.add(part.path("id").asText());
                }
            }
            case "message.part.delta" -> {
                Times times = session(p.path("sessionID").asText());
                if (times.firstDelta == 0 && times.textParts.contains(p.path("partID").asText())) {
                    times.firstDelta = now;
                }
            }
            case "session.idle" -> session(p.path("sessionID").asText()).idle.complete(now);
            default -> { }
        }
    }
}
