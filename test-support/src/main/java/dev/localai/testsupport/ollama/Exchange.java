package dev.localai.testsupport.ollama;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import java.time.Duration;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * Answers one request on the event loop, one timer at a time (never a sleep). Whatever happens, the
 * {@code onOver} hook runs exactly once (the model's request ends); if the client closes the connection
 * before the answer is complete, the pending timer is cancelled and {@code onClientClosed} runs too.
 */
final class Exchange {

    static final String JSON_TYPE = "application/json; charset=utf-8";
    static final String NDJSON_TYPE = "application/x-ndjson";

    private final Vertx vertx;
    private final HttpServerResponse response;
    private final HttpConnection connection;
    private final Runnable onClientClosed;
    private final Runnable onOver;
    private Future<Void> lastWrite = Future.succeededFuture();
    private long timer = -1;
    private boolean over;

    Exchange(Vertx vertx, HttpServerRequest request, Runnable onClientClosed, Runnable onOver) {
        this.vertx = vertx;
        this.response = request.response();
        this.connection = request.connection();
        this.onClientClosed = onClientClosed;
        this.onOver = onOver;
        response.closeHandler(closed -> {
            if (!over) {
                if (timer >= 0) {
                    vertx.cancelTimer(timer);
                }
                finish();
                onClientClosed.run();
            }
        });
    }

    /** Runs {@code action} after {@code delay} (at once when zero), unless the client has gone. */
    void after(Duration delay, Runnable action) {
        if (over) {
            return;
        }
        if (delay.isZero() || delay.isNegative()) {
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

    /** One JSON object as the whole answer (gin's {@code c.JSON}), e.g. an error or a {@code stream: false} answer. */
    void json(int status, String body) {
        if (!over) {
            finish();
            response.setStatusCode(status).putHeader("Content-Type", JSON_TYPE).end(body);
        }
    }

    /**
     * Streams {@code count} objects ({@code line} makes each when it is due) as NDJSON, pausing {@code delay}
     * between two and before the last, then the line {@code last} makes (so it can carry the measured
     * duration); each is followed by a newline, as Go's {@code json.Encoder} writes. A failure replaces the end
     * as {@link OllamaFailure} describes.
     */
    void stream(int count, IntFunction<String> line, Supplier<String> last, Duration delay, OllamaFailure failure) {
        int upTo = failure == null ? count : Math.min(failure.afterTokens(), count);
        send(0, upTo, line, last, delay, failure);
    }

    private void send(int next, int upTo, IntFunction<String> line, Supplier<String> last, Duration delay,
                      OllamaFailure failure) {
        if (next < upTo) {
            write(line.apply(next));
            if (next + 1 < upTo || failure == null) {
                after(delay, () -> send(next + 1, upTo, line, last, delay, failure));
            } else {
                send(next + 1, upTo, line, last, delay, failure);
            }
        } else if (failure == null) {
            write(last.get());
            finish();
            response.end();
        } else if (failure.kind() == OllamaFailure.Kind.DROP) {
            drop();
        } else if (next == 0) {                      // nothing written yet: Ollama still sets the status
            json(failure.status(), Answer.errorLine(failure.message()));
        } else {
            write(Answer.errorLine(failure.message()));
            finish();
            response.end();
        }
    }

    private void write(String line) {
        if (!response.headWritten()) {
            response.setStatusCode(200).setChunked(true).putHeader("Content-Type", NDJSON_TYPE);
        }
        lastWrite = response.write(line + "\n");
    }

    /** Closes the TCP connection once what was written is on the wire, leaving the response unfinished. */
    void drop() {
        if (!over) {
            finish();
            lastWrite.onComplete(written -> connection.close());
        }
    }

    private void finish() {
        over = true;
        onOver.run();
    }
}
