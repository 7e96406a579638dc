package dev.localai.router.backend;

import dev.localai.router.BackendLimits;
import dev.localai.router.Backend;
import io.vertx.core.Vertx;

/**
 * The clock of one exchange with a backend: the first byte of the answer must come within
 * {@code first-token}, later chunks may not be more than {@code gap} apart, and the whole exchange
 * may not pass {@code total}. One timer at a time, rescheduled to the nearest deadline; reads only
 * update a timestamp. When a deadline passes, {@code onExpired} runs once (the caller resets the
 * backend request) and {@link #reason()} says which limit it was. Event-loop confined.
 */
final class ExchangeTimer {

    private final Vertx vertx;
    private final Backend backend;
    private final Runnable onExpired;
    private final long startNanos = System.nanoTime();
    private long lastHeardNanos;
    private boolean heardAny;
    private boolean cancelled;
    private String reason;
    private long timer = -1;

    ExchangeTimer(Vertx vertx, Backend backend, Runnable onExpired) {
        this.vertx = vertx;
        this.backend = backend;
        this.onExpired = onExpired;
        schedule(Math.min(backend.limits().firstToken().toMillis(), backend.limits().total().toMillis()));
    }

    /** Bytes of the answer arrived. */
    void heard() {
        heardAny = true;
        lastHeardNanos = System.nanoTime();
    }

    boolean heardAny() {
        return heardAny;
    }

    /** The exchange is over (or the client left): no more deadlines. */
    void cancel() {
        cancelled = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** Which limit passed, with the setting to change; null while none has. */
    String reason() {
        return reason;
    }

    private void schedule(long delayMillis) {
        timer = vertx.setTimer(Math.max(1, delayMillis), t -> check());
    }

    private void check() {
        if (cancelled) {
            return;
        }
        long now = System.nanoTime();
        BackendLimits limits = backend.limits();
        long totalLeft = limits.total().toMillis() - millis(now - startNanos);
        long phaseLeft = heardAny ? limits.gap().toMillis() - millis(now - lastHeardNanos)
                : limits.firstToken().toMillis() - millis(now - startNanos);
        if (totalLeft <= 0) {
            expire("took longer than " + limits.total().toMillis() + " ms in all", "total");
        } else if (phaseLeft <= 0) {
            expire(heardAny ? "went silent for " + limits.gap().toMillis() + " ms between chunks"
                    : "sent nothing within " + limits.firstToken().toMillis() + " ms", heardAny ? "gap" : "first-token");
        } else {
            schedule(Math.min(totalLeft, phaseLeft));
        }
    }

    private void expire(String what, String setting) {
        cancelled = true;
        reason = what + " (backends." + backend.name() + ".timeouts." + setting + ")";
        onExpired.run();
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }
}
