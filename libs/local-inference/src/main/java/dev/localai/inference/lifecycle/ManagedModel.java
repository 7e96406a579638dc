package dev.localai.inference.lifecycle;

import dev.localai.inference.Cancellation;
import dev.localai.inference.Generation;
import dev.localai.inference.GenerationRequest;
import dev.localai.inference.ModelSpec;
import dev.localai.inference.ModelState;
import dev.localai.inference.ModelStatus;
import dev.localai.inference.ModelUnavailableException;
import dev.localai.inference.engine.Engine;
import dev.localai.inference.engine.LoadException;
import dev.localai.inference.engine.LoadedModel;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The one owner of a model's state. Every transition happens while holding {@link #lifecycle}; readers
 * see atomics and never wait. See {@code README.md} in this package for the state table.
 */
public final class ManagedModel {

    private final ModelSpec spec;
    private final Engine engine;
    private final MemoryBudget budget;
    private final InferenceListener listener;
    private final Admission admission;
    private final ReentrantLock lifecycle = new ReentrantLock();
    private final AtomicReference<ModelState> state = new AtomicReference<>(ModelState.NOT_LOADED);
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong lastUseMillis = new AtomicLong();
    private volatile String reason;
    private volatile Duration loadTime;
    private volatile double tokensPerSecond;
    private LoadedModel loaded;                                        // guarded by lifecycle

    ManagedModel(ModelSpec spec, Engine engine, MemoryBudget budget, InferenceListener listener, Duration maxQueueWait) {
        this.spec = spec;
        this.engine = engine;
        this.budget = budget;
        this.listener = listener;
        this.admission = new Admission(spec.name(), spec.slots(), spec.queue(), maxQueueWait);
    }

    /**
     * Runs one request: waits for a slot, loads the model if needed, generates. A request cancelled
     * while it waits returns a cancelled generation with no text.
     */
    public Generation generate(GenerationRequest request, Consumer<String> onText, Cancellation cancellation) {
        return generate(request, () -> { }, onText, cancellation);
    }

    /**
     * As {@link #generate(GenerationRequest, Consumer, Cancellation)}, calling {@code onStart} once the
     * slot is held and the model loaded, before the first text: the moment a server commits to a 200.
     */
    public Generation generate(GenerationRequest request, Runnable onStart, Consumer<String> onText,
                               Cancellation cancellation) {
        try (Lease lease = acquire(cancellation)) {
            if (lease == null) {
                return new Generation("", 0, 0, Generation.CANCELLED, null, Duration.ZERO);
            }
            onStart.run();
            Generation result = lease.model().generate(request, onText, cancellation);
            if (result.completionTokens() > 0) {
                tokensPerSecond = result.tokensPerSecond();
            }
            listener.generated(spec.name(), result);
            return result;
        }
    }

    /** A slot on the loaded model, or null when cancelled while queued. Loads the model if needed. */
    public Lease acquire(Cancellation cancellation) {
        boolean entered;
        try {
            entered = admission.enter(cancellation);
        } catch (RuntimeException e) {
            listener.rejected(spec.name());
            throw e;
        }
        if (!entered) {
            return null;
        }
        try {
            return new Lease(this, enter());
        } catch (RuntimeException e) {
            admission.leave();
            throw e;
        }
    }

    private LoadedModel enter() {
        lifecycle.lock();
        try {
            LoadedModel model = loadLocked(false);
            inFlight.incrementAndGet();
            touch();
            move(ModelState.IN_USE);
            return model;
        } finally {
            lifecycle.unlock();
        }
    }

    void exit() {
        lifecycle.lock();
        try {
            if (inFlight.decrementAndGet() == 0 && state.get() == ModelState.IN_USE) {
                move(ModelState.READY);
            }
            touch();
        } finally {
            lifecycle.unlock();
            admission.leave();
        }
    }

    /** Loads now unless loaded; after an error, tries again. */
    public void load() {
        lifecycle.lock();
        try {
            loadLocked(true);
        } finally {
            lifecycle.unlock();
        }
    }

    private LoadedModel loadLocked(boolean retryError) {
        if (state.get() == ModelState.ERROR && !retryError) {
            throw new ModelUnavailableException(spec.name(), "The model '" + spec.name() + "' failed to load: " + reason
                    + " (POST /models/" + spec.name() + "/load tries again)", null);
        }
        if (loaded != null) {
            return loaded;
        }
        budget.reserve(this, () -> move(ModelState.LOADING));
        long start = System.nanoTime();
        try {
            loaded = engine.load(spec);
        } catch (LoadException | RuntimeException e) {
            reason = e.getMessage() == null ? e.toString() : e.getMessage();
            move(ModelState.ERROR);
            throw new ModelUnavailableException(spec.name(), "The model '" + spec.name() + "' failed to load: " + reason, e);
        }
        loadTime = Duration.ofNanos(System.nanoTime() - start);
        reason = null;
        touch();
        move(ModelState.READY);
        listener.loaded(spec.name(), loadTime);
        return loaded;
    }

    /** Unloads unless a request is in flight; clears an error. Returns whether the model is now unloaded. */
    public boolean unload() {
        lifecycle.lock();
        try {
            return unloadLocked();
        } finally {
            lifecycle.unlock();
        }
    }

    private boolean unloadLocked() {
        if (inFlight.get() > 0) {
            return false;
        }
        if (loaded != null) {
            loaded.close();
            loaded = null;
        }
        reason = null;
        if (state.get() != ModelState.NOT_LOADED) {
            move(ModelState.NOT_LOADED);
        }
        return true;
    }

    /** Closes the model even with requests in flight; for shutdown only. */
    void shutdown() {
        lifecycle.lock();
        try {
            if (loaded != null) {
                loaded.close();
                loaded = null;
            }
        } finally {
            lifecycle.unlock();
        }
    }

    /** Unloads when idle and loaded; used by the budget, which must not wait behind a load. */
    boolean evict() {
        return withTryLock(() -> isIdleLoaded() && unloadLocked());
    }

    /** Unloads when idle for longer than the TTL (zero: never), or when the engine lost the model. */
    void reap(long nowMillis, boolean checkAlive) {
        if (!isIdleLoaded()) {
            return;
        }
        Duration ttl = spec.idleTtl();
        boolean expired = !ttl.isZero() && !ttl.isNegative() && nowMillis - lastUseMillis.get() >= ttl.toMillis();
        withTryLock(() -> {
            if (isIdleLoaded() && (expired || checkAlive && !loaded.isAlive())) {
                unloadLocked();
            }
            return true;
        });
    }

    private boolean withTryLock(java.util.function.BooleanSupplier action) {
        try {
            if (!lifecycle.tryLock(100, TimeUnit.MILLISECONDS)) {
                return false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        try {
            return action.getAsBoolean();
        } finally {
            lifecycle.unlock();
        }
    }

    boolean isIdleLoaded() {
        return state.get() == ModelState.READY && inFlight.get() == 0;
    }

    private void move(ModelState next) {
        state.set(next);
        listener.stateChanged(spec.name(), next);
    }

    private void touch() {
        lastUseMillis.set(System.currentTimeMillis());
    }

    public String name() {
        return spec.name();
    }

    public ModelSpec spec() {
        return spec;
    }

    public ModelState state() {
        return state.get();
    }

    long lastUseMillis() {
        return lastUseMillis.get();
    }

    /** Whether the model is configured to serve embeddings. */
    public boolean supportsEmbeddings() {
        return spec.embeddings();
    }

    public ModelStatus status() {
        long last = lastUseMillis.get();
        int running = inFlight.get();
        return new ModelStatus(spec.name(), spec.engine(), state.get(), reason, loadTime,
                last == 0 ? null : Instant.ofEpochMilli(last), running, Math.max(0, admission.admitted() - running),
                tokensPerSecond, spec.memoryMb(), spec.slots(), spec.queue());
    }
}
