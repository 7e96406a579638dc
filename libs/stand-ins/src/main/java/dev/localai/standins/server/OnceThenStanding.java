package dev.localai.standins.server;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * What a stub does with the next requests: the queued values first, one per request, then the standing one.
 * Set by tests, taken on the event loop.
 *
 * @param <T> a failure or behaviour; a null standing value means none
 */
public final class OnceThenStanding<T> {

    private final T initial;
    private final Queue<T> once = new ConcurrentLinkedQueue<>();
    private volatile T standing;

    /** Nothing queued, {@code initial} standing. */
    public OnceThenStanding(T initial) {
        this.initial = initial;
        this.standing = initial;
    }

    /** Queues {@code value} for the next request not yet served by a queued one. */
    public void once(T value) {
        once.add(value);
    }

    /** For every request once the queue is empty. */
    public void always(T value) {
        standing = value;
    }

    /** For this request: the first queued value, else the standing one. */
    public T next() {
        T next = once.poll();
        return next != null ? next : standing;
    }

    /** Nothing queued, the initial value standing. */
    public void reset() {
        once.clear();
        standing = initial;
    }
}
