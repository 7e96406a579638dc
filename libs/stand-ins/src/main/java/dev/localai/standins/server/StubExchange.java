package dev.localai.standins.server;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import java.time.Duration;

/**
 * Answers one request on the event loop, one timer at a time (never a sleep); a subclass says what to write.
 * The answer is over when it ends, when the stub {@linkplain #drop() drops} the connection, or when the client
 * closes it first; then {@code onOver} runs, exactly once. If the client closed it first, the pending timer is
 * cancelled and {@code onClientClosed} runs too; a connection the stub drops on purpose does not count.
 */
public abstract class StubExchange {

    private final Vertx vertx;
    private final HttpServerResponse response;
    private final HttpConnection connection;
    private final Runnable onOver;
    private Future<Void> lastWrite = Future.succeededFuture();
    private long timer = -1;
    private boolean over;

    protected StubExchange(Vertx vertx, HttpServerRequest request, Runnable onClientClosed, Runnable onOver) {
        this.vertx = vertx;
        this.response = request.response();
        this.connection = request.connection();
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

    /** Runs {@code action} after {@code delay} (at once when zero), unless the answer is over by then. */
    public final void after(Duration delay, Runnable action) {
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

    /** Closes the TCP connection once what was written is on the wire, leaving the response unfinished. */
    public final void drop() {
        if (!over) {
            finish();
            lastWrite.onComplete(written -> connection.close());
        }
    }

    protected final HttpServerResponse response() {
        return response;
    }

    protected final boolean isOver() {
        return over;
    }

    /** Sends the status line and headers set so far. */
    protected final void writeHead() {
        lastWrite = response.writeHead();
    }

    protected final void write(String chunk) {
        lastWrite = response.write(chunk);
    }

    protected final void write(Buffer chunk) {
        lastWrite = response.write(chunk);
    }

    /** The whole answer in one: {@code status}, {@code Content-Type} and {@code body}; nothing once it is over. */
    protected final void end(int status, String contentType, String body) {
        if (!over) {
            finish();
            response.setStatusCode(status).putHeader("Content-Type", contentType).end(body);
        }
    }

    /** Ends a response whose head is written; nothing once it is over. */
    protected final void end() {
        if (!over) {
            finish();
            response.end();
        }
    }

    private void finish() {
        over = true;
        onOver.run();
    }
}
