package dev.localai.standins.ollama;

import dev.localai.standins.server.StubExchange;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;

import java.time.Duration;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * Answers one model request as one JSON object or an NDJSON stream; the {@code onOver} hook runs exactly once
 * (the model's request ends), and {@code onClientClosed} too when the client closes the connection first
 * (see {@link StubExchange}).
 */
final class Exchange extends StubExchange {

    static final String JSON_TYPE = "application/json; charset=utf-8";
    static final String NDJSON_TYPE = "application/x-ndjson";

    Exchange(Vertx vertx, HttpServerRequest request, Runnable onClientClosed, Runnable onOver) {
        super(vertx, request, onClientClosed, onOver);
    }

    /** One JSON object as the whole answer (gin's {@code c.JSON}), e.g. an error or a {@code stream: false} answer. */
    void json(int status, String body) {
        end(status, JSON_TYPE, body);
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
            writeLine(line.apply(next));
            if (next + 1 < upTo || failure == null) {
                after(delay, () -> send(next + 1, upTo, line, last, delay, failure));
            } else {
                send(next + 1, upTo, line, last, delay, failure);
            }
        } else if (failure == null) {
            writeLine(last.get());
            end();
        } else if (failure.kind() == OllamaFailure.Kind.DROP) {
            drop();
        } else if (next == 0) {                      // nothing written yet: Ollama still sets the status
            json(failure.status(), Answer.errorLine(failure.message()));
        } else {
            writeLine(Answer.errorLine(failure.message()));
            end();
        }
    }

    private void writeLine(String line) {
        if (!response().headWritten()) {
            response().setStatusCode(200).setChunked(true).putHeader("Content-Type", NDJSON_TYPE);
        }
        write(line + "\n");
    }
}
