package dev.localai.router.backend;

import io.vertx.core.Vertx;

import java.time.Duration;

/**
 * Fires once when nothing was heard from a backend for the idle timeout. Vert.x' own request idle
 * timeout stops once the response headers are in, so a backend that sends headers and then goes
 * silent needs this watchdog; it is touched on every read and cancelled when the exchange ends.
 */
final class IdleWatchdog {

    private final Vertx vertx;
    private final long idleMillis;
    private final Runnable onIdle;
    private long timer = -1;
    private long lastHeard;
    private boolean cancelled;

    IdleWatchdog(Vertx vertx, Duration idle, Runnable onIdle) {
        this.vertx = vertx;
        this.idleMillis = Math.max(1, idle.toMillis());
        this.onIdle = onIdle;
        this.lastHeard = System.nanoTime();
        schedule(idleMillis);
    }

    /** Something arrived: the silence starts over. Cheap: no timer is touched on the hot path. */
    void touch() {
        lastHeard = System.nanoTime();
    }

    void cancel() {
        cancelled = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    private void schedule(long delayMillis) {
        timer = vertx.setTimer(delayMillis, t -> {
            if (cancelled) {
                return;
            }
            long silentMillis = (System.nanoTime() - lastHeard) / 1_000_000;
            if (silentMillis >= idleMillis) {
                cancelled = true;
                onIdle.run();
            } else {
                schedule(idleMillis - silentMillis);
            }
        });
    }
}
