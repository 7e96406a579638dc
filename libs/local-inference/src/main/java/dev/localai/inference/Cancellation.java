package dev.localai.inference;

import java.util.ArrayList;
import java.util.List;

/**
 * A flag the caller raises when the client has gone away. An engine registers what stops its work
 * ({@link #onCancel}); a hook registered after the cancellation runs at once.
 */
public final class Cancellation {

    private final List<Runnable> hooks = new ArrayList<>();   // guarded by this
    private volatile boolean cancelled;

    public static Cancellation none() {
        return new Cancellation();
    }

    public void cancel() {
        List<Runnable> toRun;
        synchronized (this) {
            if (cancelled) {
                return;
            }
            cancelled = true;
            toRun = List.copyOf(hooks);
            hooks.clear();
        }
        toRun.forEach(Runnable::run);
    }

    public boolean isCancelled() {
        return cancelled;
    }

    public void onCancel(Runnable hook) {
        synchronized (this) {
            if (!cancelled) {
                hooks.add(hook);
                return;
            }
        }
        hook.run();
    }
}
