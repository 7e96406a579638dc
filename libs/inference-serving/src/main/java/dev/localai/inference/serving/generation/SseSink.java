package dev.localai.inference.serving.generation;

import dev.localai.inference.Cancellation;
import dev.localai.openai.sse.SseWriter;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Writes one server-sent event stream from a generation thread: {@code data: <json>} events and
 * {@code data: [DONE]}. When the client reads slower than the model writes, the generation thread waits
 * for the response to drain (it never buffers the whole stream); a cancelled stream stops writing.
 *
 * <p>The generation thread never touches the response itself: it appends each event's text to a buffer
 * and, unless a flush is already on its way, asks the response's event loop to flush it. Events that
 * arrive while a flush waits for the event loop go out with it in one write. That keeps every event its
 * own {@code data: …} block, but spares a thread hand-off, a lock on the connection and a socket write
 * per token when the model is faster than the event loop.
 */
final class SseSink {

    private static final long DRAIN_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final HttpServerResponse response;
    private final Context context;
    private final Cancellation cancellation;
    private final Handler<Void> flush = v -> flush();

    private final Object lock = new Object();
    private StringBuilder pending = new StringBuilder(1024);       // guarded by lock
    private StringBuilder spare = new StringBuilder(1024);         // guarded by lock
    private boolean scheduled;                                      // guarded by lock
    private boolean ending;                                         // guarded by lock
    private boolean forced;                                         // guarded by lock: write though cancelled

    private boolean started;                                        // event loop only
    private volatile boolean full;
    private volatile Thread waiting;

    /** @param context the response's Vert.x context (its event loop); null writes on the calling thread */
    SseSink(HttpServerResponse response, Context context, Cancellation cancellation) {
        this.response = response;
        this.context = context;
        this.cancellation = cancellation;
    }

    /** The stream commits to a 200: the headers go out with the first event. */
    void open() {
    }

    /** Queues one complete event ({@code data: …} and the blank line), e.g. from {@link SseWriter#data}. */
    void send(String event) {
        if (event == null || cancellation.isCancelled()) {
            return;
        }
        awaitRoom();
        append(event, false);
    }

    /** Queues {@code data: [DONE]} and ends the response. */
    void done() {
        append(SseWriter.DONE, true, false);
    }

    /**
     * Ends the stream with {@code event} and {@code data: [DONE]} even though its cancellation is set: for
     * a stream this service cancelled while the client still listens.
     */
    void fail(String event) {
        append(event + SseWriter.DONE, true, true);
    }

    private void append(String event, boolean end) {
        append(event, end, false);
    }

    private void append(String event, boolean end, boolean force) {
        boolean schedule;
        synchronized (lock) {
            if (ending) {
                return;
            }
            forced |= force;
            pending.append(event);
            ending = end;
            schedule = !scheduled;
            scheduled = true;
        }
        if (!schedule) {
            return;
        }
        if (context == null) {
            synchronized (this) {
                flush();
            }
        } else {
            context.runOnContext(flush);
        }
    }

    /** On the event loop: writes everything queued so far in one go. */
    private void flush() {
        StringBuilder batch;
        boolean end;
        boolean force;
        synchronized (lock) {
            batch = pending;
            pending = spare;
            spare = batch;
            scheduled = false;
            end = ending;
            force = forced;
        }
        String data = batch.toString();
        batch.setLength(0);
        if ((cancellation.isCancelled() && !force) || response.ended() || response.closed()) {
            return;
        }
        if (!started) {
            started = true;
            response.setStatusCode(200).setChunked(true)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream")
                    .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
            response.drainHandler(v -> {
                full = false;
                Thread t = waiting;
                if (t != null) {
                    LockSupport.unpark(t);
                }
            });
        }
        if (end) {
            response.end(data);
        } else if (!data.isEmpty()) {
            response.write(data);
            if (response.writeQueueFull()) {
                full = true;
            }
        }
    }

    private void awaitRoom() {
        if (!full) {
            return;
        }
        waiting = Thread.currentThread();
        try {
            while (full && !cancellation.isCancelled()) {
                LockSupport.parkNanos(this, DRAIN_WAIT_NANOS);
                if (Thread.interrupted()) {
                    Thread.currentThread().interrupt();
                    cancellation.cancel();
                }
            }
        } finally {
            waiting = null;
        }
    }
}
