package dev.localai.gamingpc.generation;

import dev.localai.inference.Cancellation;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The inference requests being served now (from arrival, through the queue and the load, to the last
 * byte) and when the last one started or ended: the clock of idle shutdown. Gaming mode and stop-all
 * cancel them or wait for them here.
 */
@ApplicationScoped
public class ActiveRequests {

    /** Why a request was cancelled by this service rather than by its client. */
    public enum Reason { GAMING_MODE, STOP_ALL }

    private final Map<Cancellation, CompletableFuture<Void>> active = new ConcurrentHashMap<>();
    private final Map<Cancellation, Reason> cancelled = new ConcurrentHashMap<>();
    private final AtomicLong lastActivityMillis = new AtomicLong(System.currentTimeMillis());

    void begin(Cancellation request) {
        active.put(request, new CompletableFuture<>());
        lastActivityMillis.set(System.currentTimeMillis());
    }

    void end(Cancellation request) {
        lastActivityMillis.set(System.currentTimeMillis());
        cancelled.remove(request);
        CompletableFuture<Void> done = active.remove(request);
        if (done != null) {
            done.complete(null);
        }
    }

    /** Why this service cancelled the request; null when it did not. */
    Reason cancelledBecause(Cancellation request) {
        return cancelled.get(request);
    }

    /** Cancels every request in flight; returns how many. */
    public int cancelAll(Reason reason) {
        int count = 0;
        for (Cancellation request : active.keySet()) {
            cancelled.put(request, reason);
            request.cancel();
            count++;
        }
        return count;
    }

    /** Completes when every request in flight now has ended. */
    public CompletableFuture<Void> drained() {
        return CompletableFuture.allOf(active.values().toArray(CompletableFuture[]::new));
    }

    public int count() {
        return active.size();
    }

    public long lastActivityMillis() {
        return lastActivityMillis.get();
    }
}
