package dev.localai.testsupport.ollama;

import dev.localai.testsupport.upstream.RecordedRequest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * What an {@link OllamaStub} has seen: the requests in order, and the answers whose client closed the
 * connection before they were complete. Written on the event loop, read and awaited by tests; the monitor is
 * held only briefly.
 */
final class Ledger {

    private final List<RecordedRequest> requests = new ArrayList<>();
    private int clientClosed;

    synchronized void record(RecordedRequest request) {
        requests.add(request);
        notifyAll();
    }

    synchronized void clientClosed() {
        clientClosed++;
        notifyAll();
    }

    synchronized List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    synchronized int clientClosedCount() {
        return clientClosed;
    }

    synchronized boolean awaitRequests(int count, Duration timeout) {
        return await(() -> requests.size() >= count, timeout);
    }

    synchronized boolean awaitClientClosed(int count, Duration timeout) {
        return await(() -> clientClosed >= count, timeout);
    }

    synchronized void clear() {
        requests.clear();
        clientClosed = 0;
    }

    /** Waits on this object's monitor (held by the caller) until {@code done}; false on timeout or interrupt. */
    private boolean await(BooleanSupplier done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (!done.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
