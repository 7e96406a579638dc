package dev.localai.router.keys;

import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Requests per minute per client key: a token bucket per key that holds a minute's worth of requests
 * and refills continuously, so a key can burst up to its limit and then goes at the limit's pace.
 * Kept in memory, per instance: backends' requests per minute use it, and client keys fall back to it
 * while the database that shares their limits across replicas ({@link SharedRateLimiter}) is unreachable.
 */
public class RateLimiter {

    private static final class Bucket {
        private double tokens;
        private long at;

        Bucket(int limit, long now) {
            this.tokens = limit;
            this.at = now;
        }
    }

    private final Map<Object, Bucket> buckets = new ConcurrentHashMap<>();

    /** Takes one request from the key's bucket; empty when allowed, else seconds to wait. */
    public OptionalLong acquire(Object key, int perMinute, long nowNanos) {
        Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(perMinute, nowNanos));
        double perNano = perMinute / 60e9;
        synchronized (bucket) {
            bucket.tokens = Math.min(perMinute, bucket.tokens + (nowNanos - bucket.at) * perNano);
            bucket.at = nowNanos;
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return OptionalLong.empty();
            }
            return OptionalLong.of((long) Math.ceil((1 - bucket.tokens) / perNano / 1e9));
        }
    }
}
