package dev.localai.mattermost.websocket;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Waits between reconnect attempts: {@code initial}, doubling after each failed attempt up to {@code max}, each wait
 * drawn at random between half and all of it (jitter, so many bots do not reconnect in step after a server restart).
 * {@link #reset()} once a connection proves alive. Not thread-safe: owned by the event stream's context.
 */
final class Backoff {

    private final Duration initial;
    private final Duration max;
    private int failures;

    Backoff(Duration initial, Duration max) {
        this.initial = initial.isNegative() || initial.isZero() ? Duration.ofMillis(1) : initial;
        this.max = max.compareTo(this.initial) < 0 ? this.initial : max;
    }

    /** The next wait; each call counts one more failed attempt. */
    Duration next() {
        Duration ceiling = ceiling(failures);
        failures = Math.min(failures + 1, 30);
        long millis = ceiling.toMillis();
        long half = millis / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(millis - half + 1));
    }

    /** The largest wait after {@code failed} failed attempts: {@code initial × 2^failed}, at most {@code max}. */
    Duration ceiling(int failed) {
        Duration wait = initial;
        for (int i = 0; i < failed && wait.compareTo(max) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(max) > 0 ? max : wait;
    }

    void reset() {
        failures = 0;
    }
}
