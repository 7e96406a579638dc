package dev.localai.testsupport.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Answers one chat request according to a {@link Behaviour}, on the event loop with timers only
 * (never a sleep). If the client goes away first, every pending timer is cancelled and the
 * exchange counts as cancelled.
 */
final class ChatExchange {

    private final Vertx vertx;
    private final HttpServerResponse response;
    private final HttpConnection connection;
    private Future<Void> lastWrite = Future.succeededFuture();
    private final Behaviour behaviour;
    private final Runnable onCancelled;
    private final List<Long> timers = new ArrayList<>();
    private boolean over;

    ChatExchange(Vertx vertx, HttpServerRequest request, Behaviour behaviour, Runnable onCancelled) {
        this.vertx = vertx;
        this.response = request.response();
        this.connection = request.connection();
        this.behaviour = behaviour;
        this.onCancelled = onCancelled;
        response.closeHandler(closed -> {
            if (!over) {
                over = true;
                timers.forEach(vertx::cancelTimer);
                onCancelled.run();
            }
        });
    }

    void answer(JsonNode request, String id, String answer) {
        String model = request.path("model").asText("fake-model");
        boolean stream = request.path("stream").asBoolean(false);
        boolean includeUsage = request.path("stream_options").path("include_usage").asBoolean(false);
        int promptTokens = ChatAnswers.promptTokens(request);
        switch (behaviour.kind()) {
            case HANG -> { }
            case STATUS -> after(behaviour.headerDelay(), () -> end(behaviour.status(), behaviour.errorBody() != null
                    ? behaviour.errorBody()
                    : ChatAnswers.error("The fake upstream was told to fail with HTTP " + behaviour.status() + ".",
                    behaviour.status() >= 500 ? "server_error" : "invalid_request_error", null)));
            case RATE_LIMITED -> after(behaviour.headerDelay(), () -> {
                response.putHeader("Retry-After", String.valueOf(behaviour.retryAfter().toSeconds()));
                end(429, ChatAnswers.error("Rate limit reached for requests. Please try again in "
                        + behaviour.retryAfter().toSeconds() + "s.", "requests", "rate_limit_exceeded"));
            });
            case HANG_AFTER_HEADERS -> after(behaviour.headerDelay(), this::streamHeaders);
            default -> {
                if (stream) {
                    stream(id, model, answer, promptTokens, includeUsage);
                } else if (behaviour.kind() == Behaviour.Kind.DROP_MID_STREAM) {
                    String body = ChatAnswers.completion(id, model, answer, promptTokens);
                    after(behaviour.headerDelay(), () -> {
                        response.putHeader("Content-Type", "application/json")
                                .putHeader("Content-Length", String.valueOf(body.length()));
                        lastWrite = response.write(body.substring(0, body.length() / 2));
                        drop();
                    });
                } else {
                    after(behaviour.headerDelay(), () -> {
                        response.putHeader("Content-Type", "application/json");
                        end(200, ChatAnswers.completion(id, model, answer, promptTokens));
                    });
                }
            }
        }
    }

    private void stream(String id, String model, String answer, int promptTokens, boolean includeUsage) {
        List<String> events = new ArrayList<>();
        List<String> pieces = ChatAnswers.pieces(answer, behaviour.chunks());
        for (int i = 0; i < pieces.size(); i++) {
            events.add("data: " + ChatAnswers.chunk(id, model, pieces.get(i), i == 0) + "\n\n");
        }
        boolean drop = behaviour.kind() == Behaviour.Kind.DROP_MID_STREAM;
        if (drop) {
            events = new ArrayList<>(events.subList(0, Math.min(behaviour.dropAfter(), events.size())));
        } else if (behaviour.kind() == Behaviour.Kind.MALFORMED_SSE) {
            events = new ArrayList<>(events.subList(0, Math.min(2, events.size())));
            events.add("data: {not json\n\n");
            events.add("this line has no field name\n\n");
            events.add("data: [DONE]\n\n");
        } else {
            events.add("data: " + ChatAnswers.finishChunk(id, model) + "\n\n");
            if (includeUsage) {
                events.add("data: " + ChatAnswers.usageChunk(id, model, promptTokens, answer) + "\n\n");
            }
            events.add("data: [DONE]\n\n");
        }
        List<String> toSend = events;
        after(behaviour.headerDelay(), () -> {
            streamHeaders();
            after(behaviour.firstChunkDelay(), () -> send(toSend, 0, drop));
        });
    }

    private void send(List<String> events, int next, boolean dropAtEnd) {
        if (over) {
            return;
        }
        if (next == events.size()) {
            if (dropAtEnd) {
                drop();
            } else {
                over = true;
                response.end();
            }
            return;
        }
        lastWrite = response.write(events.get(next));
        Duration gap = next + 1 < events.size() ? behaviour.chunkDelay() : Duration.ZERO;
        after(gap, () -> send(events, next + 1, dropAtEnd));
    }

    private void streamHeaders() {
        response.setStatusCode(200).setChunked(true)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-cache");
        response.writeHead();
    }

    private void end(int status, String body) {
        if (over) {
            return;
        }
        over = true;
        if (!response.headers().contains("Content-Type")) {
            response.putHeader("Content-Type", "application/json");
        }
        response.setStatusCode(status).end(body);
    }

    /** Closes the TCP connection once what was written is on the wire, leaving the response unfinished. */
    private void drop() {
        over = true;
        lastWrite.onComplete(written -> connection.close());
    }

    /** Runs {@code action} after {@code delay} (at once when zero), unless the client has gone. */
    private void after(Duration delay, Runnable action) {
        if (over) {
            return;
        }
        if (delay.isZero() || delay.isNegative()) {
            action.run();
            return;
        }
        long[] id = new long[1];
        id[0] = vertx.setTimer(delay.toMillis(), t -> {
            timers.remove(id[0]);
            if (!over) {
                action.run();
            }
        });
        timers.add(id[0]);
    }
}
