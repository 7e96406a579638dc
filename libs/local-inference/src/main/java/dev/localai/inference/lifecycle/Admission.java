package dev.localai.inference.lifecycle;

import dev.localai.inference.Cancellation;
import dev.localai.inference.QueueFullException;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The slots of one model and the bounded queue in front of them. At most {@code slots + queue}
 * requests are admitted; the rest are refused at once. An admitted request waits (in arrival order)
 * for a slot, at most {@code maxWait}, and stops waiting when it is cancelled.
 */
final class Admission {

    private static final long POLL_MILLIS = 50;

    private final String model;
    private final int slots;
    private final int capacity;
    private final Duration maxWait;
    private final Semaphore free;
    private final AtomicInteger admitted = new AtomicInteger();

    Admission(String model, int slots, int queue, Duration maxWait) {
        this.model = model;
        this.slots = slots;
        this.capacity = slots + queue;
        this.maxWait = maxWait;
        this.free = new Semaphore(slots, true);
    }

    /**
     * Takes a slot; false when cancelled while waiting.
     *
     * @throws QueueFullException when the queue is full or the wait timed out
     */
    boolean enter(Cancellation cancellation) {
        if (admitted.incrementAndGet() > capacity) {
            admitted.decrementAndGet();
            throw new QueueFullException(model, "The model '" + model + "' is busy: all " + slots
                    + " slots are in use and " + (capacity - slots) + " requests are queued; retry later",
                    retryAfter());
        }
        long deadline = System.nanoTime() + maxWait.toNanos();
        try {
            while (!free.tryAcquire(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                if (cancellation.isCancelled()) {
                    admitted.decrementAndGet();
                    return false;
                }
                if (System.nanoTime() > deadline) {
                    admitted.decrementAndGet();
                    throw new QueueFullException(model, "The model '" + model + "' is busy: no slot came free within "
                            + maxWait.toSeconds() + " s; retry later", retryAfter());
                }
            }
            return true;
        } catch (InterruptedException e) {
            admitted.decrementAndGet();
            Thread.currentThread().interrupt();
            return false;
        }
    }

    void leave() {
        free.release();
        admitted.decrementAndGet();
    }

    /** Requests admitted, in a slot or waiting for one. */
    int admitted() {
        return admitted.get();
    }

    private static Duration retryAfter() {
        return Duration.ofSeconds(1);
    }
}
