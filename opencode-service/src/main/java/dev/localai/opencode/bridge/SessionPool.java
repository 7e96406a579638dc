package dev.localai.opencode.bridge;

import dev.localai.opencode.server.OpencodeApi;
import dev.localai.opencode.supervisor.Connection;
import io.vertx.core.Future;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A few empty OpenCode sessions made ahead of time ({@code opencode.idle-sessions}), so that creating one is not
 * on a request's way to its first token: a request takes a ready session, and new ones are made when an answer
 * is over.
 * Sessions belong to one OpenCode: when the connection changes (a restart) the old ones are forgotten, as they
 * went with that OpenCode. The bridge deletes the idle ones when it stops.
 */
final class SessionPool {

    static final String TITLE = "OpenCode bridge";
    private static final Logger LOG = Logger.getLogger(SessionPool.class);

    private final OpencodeApi api;
    private final int size;
    private final Deque<OpencodeApi.Session> ready = new ArrayDeque<>();      // guarded by this
    private Connection owner;                                                 // guarded by this
    private int creating;                                                     // guarded by this

    SessionPool(OpencodeApi api, int size) {
        this.api = api;
        this.size = size;
    }

    /** A session of {@code connection}'s OpenCode: a ready one, or one made now. */
    synchronized Future<OpencodeApi.Session> take(Connection connection) {
        if (connection != owner) {
            ready.clear();
            owner = connection;
        }
        OpencodeApi.Session session = ready.poll();
        return session != null ? Future.succeededFuture(session) : api.createSession(connection.endpoint(), TITLE);
    }

    /**
     * Makes sessions until {@code size} wait. Called when an answer is over, not when one begins: making a
     * session while OpenCode starts an answer would slow that answer down.
     */
    synchronized void refill(Connection connection) {
        if (connection != owner) {
            return;
        }
        while (ready.size() + creating < size) {
            creating++;
            api.createSession(connection.endpoint(), TITLE).onComplete(made -> {
                boolean keep;
                synchronized (this) {
                    creating--;
                    keep = made.succeeded() && connection == owner && ready.size() < size;
                    if (keep) {
                        ready.add(made.result());
                    }
                }
                if (made.succeeded() && !keep) {
                    api.delete(connection.endpoint(), made.result().id());
                }
            });
        }
    }

    /** The ids of the sessions waiting now. */
    synchronized Set<String> idle() {
        return ready.stream().map(OpencodeApi.Session::id).collect(Collectors.toUnmodifiableSet());
    }

    /** Deletes the waiting sessions (waits up to {@code wait}); the pool makes none afterwards. */
    void drain(Duration wait) {
        List<OpencodeApi.Session> left;
        Connection connection;
        synchronized (this) {
            left = List.copyOf(ready);
            ready.clear();
            connection = owner;
            owner = null;                              // refills stop; a take would start over
        }
        if (connection == null || left.isEmpty()) {
            return;
        }
        List<Future<Void>> deletions = left.stream().map(s -> api.delete(connection.endpoint(), s.id())).toList();
        try {
            Future.join(deletions).toCompletionStage().toCompletableFuture().get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.debugf("idle OpenCode sessions were not all deleted: %s", e.getMessage());
        }
    }
}
