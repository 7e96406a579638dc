package dev.localai.inference;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting in tests for what background threads (the reaper, a stub) do, with a bound. */
public final class Await {

    private Await() {
    }

    /** Polls {@code condition} every 10 ms until it holds; fails the test after {@code timeout}. */
    public static void awaitTrue(BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not true within " + timeout);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
