package dev.localai.mattermost.conversation;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ids of the last posts the bot took on, so each is handled once even when its event comes again (a replay after
 * a reconnect, or the same post arriving twice). Thread-safe.
 */
final class SeenPosts {

    private final Map<String, Boolean> ids;

    SeenPosts(int capacity) {
        this.ids = new LinkedHashMap<>(capacity * 2, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** True the first time {@code postId} is offered, false after. */
    synchronized boolean firstTime(String postId) {
        return ids.putIfAbsent(postId, Boolean.TRUE) == null;
    }
}
