package dev.localai.standins.mattermost;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** What tests read of the {@link SocketHub}: the sockets opened, and how many each user has attached now. Thread-safe. */
final class SocketRecords {

    private final List<SocketOpen> opens = new ArrayList<>();
    private final Map<String, Integer> attached = new HashMap<>();

    synchronized void opened(SocketOpen open) {
        opens.add(open);
        notifyAll();
    }

    synchronized void attached(String userId, int delta) {
        attached.merge(userId, delta, Integer::sum);
        notifyAll();
    }

    synchronized List<SocketOpen> opens() {
        return List.copyOf(opens);
    }

    synchronized int attachedCount(String userId) {
        return attached.getOrDefault(userId, 0);
    }

    /** Waits until {@code userId} has {@code count} sockets attached; false on timeout or interrupt. */
    synchronized boolean awaitAttached(String userId, int count, Duration timeout) {
        return await(() -> attached.getOrDefault(userId, 0) == count, timeout);
    }

    /** Waits until {@code count} sockets have been opened in all; false on timeout or interrupt. */
    synchronized boolean awaitOpens(int count, Duration timeout) {
        return await(() -> opens.size() >= count, timeout);
    }

    synchronized void clear() {
        opens.clear();
    }

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
