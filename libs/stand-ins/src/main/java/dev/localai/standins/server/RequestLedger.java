package dev.localai.standins.server;

import dev.localai.standins.upstream.RecordedRequest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a stub has seen: the requests in order, and the answers whose client closed the connection before they
 * were complete. Written on the event loop, read and awaited by tests; the monitor is held only briefly, never
 * while waiting on the event loop.
 */
public final class RequestLedger {

    private final String owner;
    private final List<RecordedRequest> requests = new ArrayList<>();
    private int clientClosed;
    private int generation;

    /** {@code owner} names the stub in errors, e.g. {@code "the Ollama stub"}. */
    public RequestLedger(String owner) {
        this.owner = owner;
    }

    /**
     * Records {@code request} once its whole {@code body} has arrived: header names in lower case, a repeated
     * header's values joined with {@code ", "}.
     */
    public void record(HttpServerRequest request, Buffer body) {
        Map<String, String> headers = new LinkedHashMap<>();
        request.headers().forEach(h -> headers.merge(h.getKey().toLowerCase(Locale.ROOT), h.getValue(),
                (first, next) -> first + ", " + next));
        record(new RecordedRequest(request.method().name(), request.path(), headers, body.toString(), Instant.now()));
    }

    private synchronized void record(RecordedRequest request) {
        requests.add(request);
        notifyAll();
    }

    /** Every request since the start or the last {@link #clear()}, in order (a copy). */
    public synchronized List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    public synchronized int requestCount() {
        return requests.size();
    }

    /** The last request received; throws when there was none. */
    public synchronized RecordedRequest lastRequest() {
        if (requests.isEmpty()) {
            throw new IllegalStateException(owner + " has received no request");
        }
        return requests.get(requests.size() - 1);
    }

    /** Waits until {@link #requestCount()} reaches {@code count}; false on timeout or interrupt. */
    public synchronized boolean awaitRequests(int count, Duration timeout) {
        return Monitors.await(this, () -> requests.size() >= count, timeout);
    }

    public synchronized int clientClosedCount() {
        return clientClosed;
    }

    /** Waits until {@link #clientClosedCount()} reaches {@code count}; false on timeout or interrupt. */
    public synchronized boolean awaitClientClosed(int count, Duration timeout) {
        return Monitors.await(this, () -> clientClosed >= count, timeout);
    }

    /**
     * For one exchange: counts its client closing early, unless {@link #clear()} or {@link #forgetOpenExchanges()}
     * came between.
     */
    public synchronized Runnable clientClosedCounter() {
        int born = generation;
        return () -> {
            synchronized (this) {
                if (born == generation) {
                    clientClosed++;
                    notifyAll();
                }
            }
        };
    }

    /** Open exchanges no longer count when their connection closes (the stub is about to close it, or a reset). */
    public synchronized void forgetOpenExchanges() {
        generation++;
    }

    /** No records, nothing counted, and exchanges still open from before do not count. */
    public synchronized void clear() {
        requests.clear();
        clientClosed = 0;
        generation++;
    }
}
