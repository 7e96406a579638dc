package dev.localai.inference.lifecycle;

import dev.localai.inference.ModelSpec;
import dev.localai.inference.ModelStatus;
import dev.localai.inference.UnknownModelException;
import dev.localai.inference.engine.Engines;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * All configured models: looks them up by name, shares one {@link MemoryBudget} between them, preloads
 * the ones marked so, and runs the reaper that unloads idle models after their TTL.
 */
public final class ModelManager implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ModelManager.class);

    /**
     * @param budgetMb      memory for loaded models; 0 or less: unlimited
     * @param reapInterval  how often idle TTLs are checked
     * @param aliveInterval how often idle models' engines are asked whether the model is still there
     * @param maxQueueWait  how long a queued request waits for a slot before it is refused
     */
    public record Settings(long budgetMb, Duration reapInterval, Duration aliveInterval, Duration maxQueueWait) {
        public static Settings defaults() {
            return new Settings(0, Duration.ofSeconds(1), Duration.ofSeconds(15), Duration.ofSeconds(60));
        }

        public Settings withBudget(long mb) {
            return new Settings(mb, reapInterval, aliveInterval, maxQueueWait);
        }

        public Settings withReapInterval(Duration interval) {
            return new Settings(budgetMb, interval, aliveInterval, maxQueueWait);
        }
    }

    private final Map<String, ManagedModel> models = new LinkedHashMap<>();
    private final Settings settings;
    private final ScheduledExecutorService background = Executors.newScheduledThreadPool(1, r -> {
        Thread t = new Thread(r, "model-lifecycle");
        t.setDaemon(true);
        return t;
    });
    private long lastAliveCheck;

    public ModelManager(List<ModelSpec> specs, Engines engines, Settings settings, InferenceListener listener) {
        this.settings = settings;
        MemoryBudget budget = new MemoryBudget(settings.budgetMb(), this::all);
        for (ModelSpec spec : specs) {
            if (models.containsKey(spec.name())) {
                throw new IllegalArgumentException("models." + spec.name() + ": configured twice");
            }
            models.put(spec.name(), new ManagedModel(spec, engines.forKind(spec.engine()), budget, listener,
                    settings.maxQueueWait()));
        }
    }

    /** Starts the reaper and, in the background, loads the models marked {@code preload}. */
    public ModelManager start() {
        long every = Math.max(10, settings.reapInterval().toMillis());
        background.scheduleWithFixedDelay(this::reap, every, every, TimeUnit.MILLISECONDS);
        for (ManagedModel model : models.values()) {
            if (model.spec().preload()) {
                background.execute(() -> preload(model));
            }
        }
        return this;
    }

    private static void preload(ManagedModel model) {
        try {
            model.load();
        } catch (RuntimeException e) {
            LOG.warnf("preloading %s failed: %s", model.name(), e.getMessage());
        }
    }

    private void reap() {
        long now = System.currentTimeMillis();
        boolean checkAlive = now - lastAliveCheck >= settings.aliveInterval().toMillis();
        if (checkAlive) {
            lastAliveCheck = now;
        }
        for (ManagedModel model : models.values()) {
            try {
                model.reap(now, checkAlive);
            } catch (RuntimeException e) {
                LOG.warnf("checking %s failed: %s", model.name(), e.getMessage());
            }
        }
    }

    /** @throws UnknownModelException when no model has that name */
    public ManagedModel model(String name) {
        ManagedModel model = name == null ? null : models.get(name);
        if (model == null) {
            throw new UnknownModelException(name);
        }
        return model;
    }

    public Collection<ManagedModel> all() {
        return models.values();
    }

    public List<ModelStatus> status() {
        return models.values().stream().map(ManagedModel::status).toList();
    }

    public long budgetMb() {
        return settings.budgetMb();
    }

    /** Stops the reaper and closes every loaded model (stopping supervised servers). */
    @Override
    public void close() {
        background.shutdownNow();
        models.values().forEach(ManagedModel::shutdown);
    }
}
