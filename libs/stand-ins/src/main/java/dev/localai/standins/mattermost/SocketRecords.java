package dev.localai.standins.mattermost;

import dev.localai.standins.server.Monitors;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
        return Monitors.await(this, () -> attached.getOrDefault(userId, 0) == count, timeout);
    }

    /** Waits until {@code count} sockets have been opened in all; false on timeout or interrupt. */
    synchronized boolean awaitOpens(int count, Duration timeout) {
        return Monitors.await(this, () -> opens.size() >= count, timeout);
    }

    synchronized void clear() {
        opens.clear();
    }
}
