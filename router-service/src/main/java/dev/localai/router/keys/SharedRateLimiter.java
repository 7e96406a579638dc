package dev.localai.router.keys;

import dev.localai.router.config.RouterConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

/**
 * A key's requests per minute, held across every router replica (see {@code README.md}): the limit is an
 * allowance per calendar minute kept in PostgreSQL ({@code rate_limit_window}), which replicas take in slices
 * ({@code router.keys.rate-limit-slice} of the limit). A request is counted against the replica's slice in
 * memory, so it never waits for the database while the slice lasts; when half of it is used, the next slice is
 * fetched in the background. Only a request that finds the slice empty (the first of a minute, or a burst faster
 * than the database answers) waits for one round trip. When the minute's allowance is all taken, requests are
 * refused until the next minute, with the seconds to wait.
 *
 * <p>While the database cannot be reached, each replica falls back to its own token bucket ({@link RateLimiter})
 * for {@link #DEGRADED_MILLIS} before it tries again: the limit then holds per replica, not together.
 */
@Singleton
public class SharedRateLimiter {

    private static final Logger LOG = Logger.getLogger(SharedRateLimiter.class);
    static final long MINUTE = 60_000;
    static final long DEGRADED_MILLIS = 5_000;

    /** Where the minute's allowance is kept: takes up to {@code wanted} of {@code limit}, returns how many it got. */
    @FunctionalInterface
    public interface Store {
        int take(UUID key, long minute, int wanted, int limit) throws Exception;
    }

    /** What one replica holds of a key's current minute. Guarded by itself. */
    private static final class Lease {
        long minute = -1;
        /** The latest request's clock, to tell waiters refused by the database how long until the next minute. */
        long now;
        int left;
        boolean exhausted;
        boolean fetching;
        final List<CompletableFuture<OptionalLong>> waiting = new ArrayList<>();
    }

    private final Store store;
    private final Executor worker;
    private final double slice;
    private final Map<UUID, Lease> leases = new ConcurrentHashMap<>();
    private final RateLimiter fallback = new RateLimiter();
    private volatile long degradedUntil;

    @Inject
    public SharedRateLimiter(RateLimitStore store, RouterConfig config) {
        this(store::take, Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "rate-limit-slices");
            t.setDaemon(true);
            return t;
        }), config.keys().rateLimitSlice());
    }

    SharedRateLimiter(Store store, Executor worker, double slice) {
        this.store = store;
        this.worker = worker;
        this.slice = slice;
    }

    /**
     * Takes one request of the key's minute: empty when allowed, else the seconds to wait. Already complete
     * unless the replica's slice is empty and the next one has to come from the database.
     */
    public CompletableFuture<OptionalLong> acquire(UUID key, int perMinute, long nowMillis) {
        if (nowMillis < degradedUntil) {
            return CompletableFuture.completedFuture(fallback.acquire(key, perMinute, System.nanoTime()));
        }
        Lease lease = leases.computeIfAbsent(key, k -> new Lease());
        long minute = nowMillis / MINUTE;
        synchronized (lease) {
            lease.now = nowMillis;
            if (lease.minute != minute) {
                lease.minute = minute;
                lease.left = 0;
                lease.exhausted = false;
            }
            if (lease.left > 0) {
                lease.left--;
                if (lease.left <= sliceOf(perMinute) / 2 && !lease.exhausted && !lease.fetching) {
                    fetch(key, perMinute, lease, minute);                  // the next slice, before it is needed
                }
                return CompletableFuture.completedFuture(OptionalLong.empty());
            }
            if (lease.exhausted) {
                return CompletableFuture.completedFuture(OptionalLong.of(secondsToNextMinute(nowMillis)));
            }
            CompletableFuture<OptionalLong> waiter = new CompletableFuture<>();
            lease.waiting.add(waiter);
            if (!lease.fetching) {
                fetch(key, perMinute, lease, minute);
            }
            return waiter;
        }
    }

    int sliceOf(int perMinute) {
        return Math.max(1, (int) Math.ceil(perMinute * slice));
    }

    /** Called holding the lease's lock. */
    private void fetch(UUID key, int perMinute, Lease lease, long minute) {
        lease.fetching = true;
        int wanted = Math.max(sliceOf(perMinute), lease.waiting.size());
        worker.execute(() -> {
            int got;
            try {
                got = store.take(key, minute, wanted, perMinute);
            } catch (Exception e) {
                degraded(key, perMinute, lease, e);
                return;
            }
            synchronized (lease) {
                lease.fetching = false;
                if (lease.minute != minute) {                       // a new minute began meanwhile: these are void
                    if (!lease.waiting.isEmpty()) {
                        fetch(key, perMinute, lease, lease.minute);
                    }
                    return;
                }
                lease.left += got;
                lease.exhausted = got < wanted;
                while (!lease.waiting.isEmpty() && lease.left > 0) {
                    lease.left--;
                    lease.waiting.remove(0).complete(OptionalLong.empty());
                }
                if (!lease.waiting.isEmpty()) {
                    if (lease.exhausted) {
                        long wait = secondsToNextMinute(lease.now);
                        lease.waiting.forEach(w -> w.complete(OptionalLong.of(wait)));
                        lease.waiting.clear();
                    } else {
                        fetch(key, perMinute, lease, minute);
                    }
                }
            }
        });
    }

    private void degraded(UUID key, int perMinute, Lease lease, Exception e) {
        if (System.currentTimeMillis() >= degradedUntil) {
            LOG.warnf("shared rate limits unavailable (%s): each router enforces requests per minute on its own"
                    + " for %d s", e.getMessage(), DEGRADED_MILLIS / 1000);
        }
        degradedUntil = System.currentTimeMillis() + DEGRADED_MILLIS;
        List<CompletableFuture<OptionalLong>> waiting;
        synchronized (lease) {
            lease.fetching = false;
            waiting = new ArrayList<>(lease.waiting);
            lease.waiting.clear();
        }
        for (CompletableFuture<OptionalLong> w : waiting) {
            w.complete(fallback.acquire(key, perMinute, System.nanoTime()));
        }
    }

    static long secondsToNextMinute(long nowMillis) {
        return Math.max(1, (MINUTE - nowMillis % MINUTE + 999) / 1000);
    }
}
