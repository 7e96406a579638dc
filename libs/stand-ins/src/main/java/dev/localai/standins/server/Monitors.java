package dev.localai.standins.server;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Waiting on an object's monitor for a condition the object's synchronized methods change. */
public final class Monitors {

    private Monitors() {
    }

    /**
     * Waits on {@code monitor} (held by the caller, whose {@code notifyAll} wakes it) until {@code done};
     * false on timeout or interrupt.
     */
    public static boolean await(Object monitor, BooleanSupplier done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (!done.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(monitor, left);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
