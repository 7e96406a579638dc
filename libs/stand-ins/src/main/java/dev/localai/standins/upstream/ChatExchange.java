package dev.localai.standins.upstream;

import dev.localai.standins.server.StubExchange;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Answers one {@code POST /v1/chat/completions} according to a {@link Behaviour}. If the client closes the
 * connection before the answer is complete, the pending timer is cancelled and the exchange counts as
 * cancelled; a connection the fake drops on purpose does not count (see {@link StubExchange}).
 */
final class ChatExchange extends StubExchange {

    private final Behaviour behaviour;

    ChatExchange(Vertx vertx, HttpServerRequest request, Behaviour behaviour, Runnable onCancelled) {
        super(vertx, request, onCancelled, () -> { });
        this.behaviour = behaviour;
    }

    void answer(ChatAnswers answers) {
        switch (behaviour.kind()) {
            case REFUSE -> drop();      // a connection that outlived the listening socket
            case HANG -> { }
            case HANG_AFTER_HEADERS -> after(behaviour.headerDelay(), () -> headers(answers.stream()));
            case STATUS -> after(behaviour.headerDelay(), () -> json(behaviour.status(), behaviour.errorBody() != null
                    ? behaviour.errorBody() : OpenAiErrors.forStatus(behaviour.status())));
            case RATE_LIMITED -> after(behaviour.headerDelay(), () -> {
                long seconds = OpenAiErrors.retryAfterSeconds(behaviour.retryAfter());
                response().putHeader("Retry-After", String.valueOf(seconds))
                        .putHeader("x-ratelimit-limit-requests", "1")
                        .putHeader("x-ratelimit-remaining-requests", "0")
                        .putHeader("x-ratelimit-reset-requests", seconds + "s");
                json(429, OpenAiErrors.rateLimited(answers.model(), behaviour.retryAfter()));
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
                response().setStatusCode(200).putHeader("Content-Type", "application/json")
                        .putHeader("Content-Length", String.valueOf(body.length));
                write(Buffer.buffer(Arrays.copyOf(body, body.length / 2)));
                drop();
            }
            case MALFORMED_SSE -> json(200, completion.substring(0, completion.length() / 2));
            default -> json(200, completion);
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
        while (!isOver() && i < events.size()) {
            write(events.get(i++));
            if (i < events.size() && !behaviour.chunkDelay().isZero()) {
                int resume = i;
                after(behaviour.chunkDelay(), () -> send(events, resume, dropAtEnd));
                return;
            }
        }
        if (dropAtEnd) {
            drop();
        } else {
            end();
        }
    }

    private void headers(boolean eventStream) {
        response().setStatusCode(200).setChunked(true);
        if (eventStream) {
            response().putHeader("Content-Type", "text/event-stream; charset=utf-8")
                    .putHeader("Cache-Control", "no-cache");
        } else {
            response().putHeader("Content-Type", "application/json");
        }
        writeHead();
    }

    private void json(int status, String body) {
        end(status, "application/json", body);
    }
}
