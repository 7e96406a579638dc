package dev.localai.router;

import java.time.Duration;

/**
 * How long the router waits on a backend and how hard it leans on it.
 *
 * @param connect     to open a TCP connection (default 5 s)
 * @param firstToken  from sending the request to the first byte of the answer: the response headers
 *                    alone do not count (default 120 s: a GPU may need a minute to load a model)
 * @param gap         longest silence between two chunks once the answer has started (default 30 s)
 * @param total       the whole exchange, however lively (default 600 s)
 * @param attempts    tries on this backend before the chain moves on (default 1)
 * @param maxInFlight requests at once (llama.cpp has a fixed number of slots); above it a request
 *                    spills to the next backend; 0 = no bound (default)
 * @param requestsPerMinute a provider's rate limit: above it requests go to the next backend instead of
 *                    collecting 429s; 0 = none (default)
 */
public record BackendLimits(Duration connect, Duration firstToken, Duration gap, Duration total, int attempts,
                            int maxInFlight, int requestsPerMinute) {

    public static final BackendLimits DEFAULTS = new BackendLimits(Duration.ofSeconds(5), Duration.ofSeconds(120),
            Duration.ofSeconds(30), Duration.ofSeconds(600), 1, 0, 0);
}
