package dev.localai.router.keys;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SharedRateLimiterTest {

    static final UUID KEY = UUID.randomUUID();
    static final long MINUTE_START = 29_000_000L * 60_000;      // some minute, 0 s past it

    /** The minute allowances as PostgreSQL keeps them: one counter per key and minute, taken under a lock. */
    static final class MemoryStore implements SharedRateLimiter.Store {
        final Map<List<Object>, Integer> granted = new HashMap<>();
        final AtomicInteger calls = new AtomicInteger();
        volatile boolean down;

        @Override
        public synchronized int take(UUID key, long minute, int wanted, int limit) throws Exception {
            calls.incrementAndGet();
            if (down) {
                throw new java.sql.SQLException("Connection refused");
            }
            int before = granted.getOrDefault(List.of(key, minute), 0);
            int take = Math.max(0, Math.min(wanted, limit - before));
            granted.put(List.of(key, minute), before + take);
            return take;
        }
    }

    final MemoryStore store = new MemoryStore();
    final ExecutorService worker = Executors.newFixedThreadPool(2);

    @AfterEach
    void stop() {
        worker.shutdownNow();
    }

    static boolean allowed(SharedRateLimiter limiter, int limit, long now) {
        return limiter.acquire(KEY, limit, now).join().isEmpty();
    }

    @Test
    void requestsAreCountedAgainstASliceInMemoryWithOneDatabaseCallPerSlice() {
        SharedRateLimiter limiter = new SharedRateLimiter(store, worker, 0.1);
        int served = 0;
        int immediate = 0;
        for (int i = 0; i < 150; i++) {
            var taken = limiter.acquire(KEY, 100, MINUTE_START + i);
            immediate += taken.isDone() ? 1 : 0;
            served += taken.join().isEmpty() ? 1 : 0;
        }
        assertEquals(100, served, "exactly the limit in the minute");
        assertTrue(store.calls.get() <= 12, store.calls.get() + " database calls for 150 requests in slices of 10");
        assertTrue(immediate >= 50, immediate + " of 150 answered without waiting for the database");
    }

    @Test
    void twoReplicasTakingAtOnceTogetherServeExactlyTheLimit() throws Exception {
        SharedRateLimiter a = new SharedRateLimiter(store, worker, 0.1);
        SharedRateLimiter b = new SharedRateLimiter(store, worker, 0.1);
        ExecutorService clients = Executors.newFixedThreadPool(8);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            SharedRateLimiter replica = i % 2 == 0 ? a : b;
            results.add(clients.submit(() -> allowed(replica, 60, MINUTE_START + 1000)));
        }
        int served = 0;
        for (Future<Boolean> r : results) {
            served += r.get(10, TimeUnit.SECONDS) ? 1 : 0;
        }
        clients.shutdown();
        assertEquals(60, served, "the two replicas together");
    }

    @Test
    void aRefusalSaysHowLongUntilTheNextMinuteWhichStartsAFreshAllowance() {
        SharedRateLimiter limiter = new SharedRateLimiter(store, worker, 0.5);
        for (int i = 0; i < 4; i++) {
            assertTrue(allowed(limiter, 4, MINUTE_START + 50_000));
        }
        OptionalLong refused = limiter.acquire(KEY, 4, MINUTE_START + 50_000).join();
        assertEquals(OptionalLong.of(10), refused, "10 s to the next minute");
        assertTrue(allowed(limiter, 4, MINUTE_START + 60_000), "the next minute");
    }

    @Test
    void withoutTheDatabaseEachReplicaHoldsTheLimitOnItsOwn() {
        store.down = true;
        SharedRateLimiter limiter = new SharedRateLimiter(store, worker, 0.1);
        int served = 0;
        for (int i = 0; i < 30; i++) {
            served += allowed(limiter, 20, System.currentTimeMillis()) ? 1 : 0;
        }
        assertEquals(20, served, "its own bucket of a minute's requests");
        assertEquals(1, store.calls.get(), "no database call per request while it is down");
    }
}
