package dev.localai.testsupport.upstream;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Answers one {@code POST /v1/chat/completions} according to a {@link Behaviour}, on the event loop
 * with one timer at a time (never a sleep). If the client closes the connection before the answer
 * is complete, the pending timer is cancelled and the exchange counts as cancelled; a connection the
 * fake drops on purpose does not count.
 */
final class ChatExchange {

    private final Vertx vertx;
    private final HttpServerResponse response;
    private final HttpConnection connection;
    private final Behaviour behaviour;
    private final Runnable onCancelled;
    private Future<Void> lastWrite = Future.succeededFuture();
    private long timer = -1;
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
                if (timer >= 0) {
                    vertx.cancelTimer(timer);
                }
                onCancelled.run();
            }
        });
    }

    void answer(ChatAnswers answers) {
        switch (behaviour.kind()) {
            case REFUSE -> drop();      // a connection that outlived the listening socket
            case HANG -> { }
            case HANG_AFTER_HEADERS -> after(behaviour.headerDelay(), () -> headers(answers.stream()));
            case STATUS -> after(behaviour.headerDelay(), () -> end(behaviour.status(), behaviour.errorBody() != null
                    ? behaviour.errorBody() : OpenAiErrors.forStatus(behaviour.status())));
            case RATE_LIMITED -> after(behaviour.headerDelay(), () -> {
                long seconds = OpenAiErrors.retryAfterSeconds(behaviour.retryAfter());
                response.putHeader("Retry-After", String.valueOf(seconds))
                        .putHeader("x-ratelimit-limit-requests", "1")
                        .putHeader("x-ratelimit-remaining-requests", "0")
                        .putHeader("x-ratelimit-reset-requests", seconds + "s");
                end(429, OpenAiErrors.rateLimited(answers.model(), behaviour.retryAfter()));
            });
            case NORMAL, DROP_MID_STREAM, MALFORMED_SSE -> {
                if (answers.stream()) {
                    stream(answers);
                } else {
                    after(behaviour.headerDelay(), () -> json(answers.completion()));
                }
            }
        }
    }

    private void json(String completion) {
        switch (behaviour.kind()) {
            case DROP_MID_STREAM -> {
                byte[] body = completion.getBytes(StandardCharsets.UTF_8);
                response.setStatusCode(200).putHeader("Content-Type", "application/json")
                        .putHeader("Content-Length", String.valueOf(body.length));
                lastWrite = response.write(Buffer.buffer(Arrays.copyOf(body, body.length / 2)));
                drop();
            }
            case MALFORMED_SSE -> end(200, completion.substring(0, completion.length() / 2));
            default -> end(200, completion);
        }
    }

    private void stream(ChatAnswers answers) {
        List<String> events = new ArrayList<>(answers.contentEvents(behaviour.chunks()));
        boolean dropAtEnd = behaviour.kind() == Behaviour.Kind.DROP_MID_STREAM;
        if (dropAtEnd) {
            events.subList(Math.min(behaviour.dropAfter(), events.size()), events.size()).clear();
        } else if (behaviour.kind() == Behaviour.Kind.MALFORMED_SSE) {
            events.subList(Math.min(2, events.size()), events.size()).clear();
            events.add("data: {not json\n\n");
            events.add("this line has no field name\n\n");
            events.add(ChatAnswers.DONE);
        } else {
            events.addAll(answers.closingEvents());
        }
        after(behaviour.headerDelay(), () -> {
            headers(true);
            after(behaviour.firstChunkDelay(), () -> send(events, 0, dropAtEnd));
        });
    }

    /** Writes events from {@code next} on, pausing {@code chunkDelay} between two; then ends or drops. */
    private void send(List<String> events, int next, boolean dropAtEnd) {
        int i = next;
        while (!over && i < events.size()) {
            lastWrite = response.write(events.get(i++));
            if (i < events.size() && !behaviour.chunkDelay().isZero()) {
                int resume = i;
                after(behaviour.chunkDelay(), () -> send(events, resume, dropAtEnd));
                return;
            }
        }
        if (!over) {
            if (dropAtEnd) {
                drop();
            } else {
                over = true;
                response.end();
            }
        }
    }

    private void headers(boolean eventStream) {
        response.setStatusCode(200).setChunked(true);
        if (eventStream) {
            response.putHeader("Content-Type", "text/event-stream; charset=utf-8")
                    .putHeader("Cache-Control", "no-cache");
        } else {
            response.putHeader("Content-Type", "application/json");
        }
        lastWrite = response.writeHead();
    }

    private void end(int status, String body) {
        over = true;
        response.setStatusCode(status).putHeader("Content-Type", "application/json").end(body);
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
        if (delay.isZero()) {
            action.run();
            return;
        }
        long millis = Math.max(1, (delay.toNanos() + 999_999) / 1_000_000);
        timer = vertx.setTimer(millis, id -> {
            timer = -1;
            if (!over) {
                action.run();
            }
        });
    }
}
