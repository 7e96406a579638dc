package dev.localai.testsupport.upstream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * What a {@link FakeUpstream} has seen: the requests in order, and the chat exchanges whose client
 * went away first. Thread-safe and awaitable; written on the event loop, read by tests. Holds its
 * monitor only briefly, never while waiting on the event loop.
 */
final class Ledger {

    private final List<RecordedRequest> requests = new ArrayList<>();
    private int cancelled;
    private int generation;

    synchronized void record(RecordedRequest request) {
        requests.add(request);
        notifyAll();
    }

    synchronized List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    synchronized int requestCount() {
        return requests.size();
    }

    synchronized int cancelledCount() {
        return cancelled;
    }

    synchronized boolean awaitRequests(int count, Duration timeout) {
        return await(() -> requests.size() >= count, timeout);
    }

    synchronized boolean awaitCancelled(int count, Duration timeout) {
        return await(() -> cancelled >= count, timeout);
    }

    /** For one exchange: counts its cancellation, unless {@link #clear()} came between. */
    synchronized Runnable cancellationCounter() {
        int born = generation;
        return () -> {
            synchronized (this) {
                if (born == generation) {
                    cancelled++;
                    notifyAll();
                }
            }
        };
    }

    /** Open exchanges no longer count when their connection closes (the fake is about to close it, or a reset). */
    synchronized void forgetOpenExchanges() {
        generation++;
    }

    synchronized void clear() {
        requests.clear();
        cancelled = 0;
        generation++;
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
