package dev.localai.gamingpc.idle;

import dev.localai.gamingpc.config.GamingPcConfig;
import dev.localai.gamingpc.gaming.ModelStopper;
import dev.localai.gamingpc.generation.ActiveRequests;
import dev.localai.inference.lifecycle.ManagedModel;
import dev.localai.inference.lifecycle.ModelManager;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Frees the GPU when nobody uses it: after {@code gaming-pc.idle.shutdown-after} without a request (and
 * none in flight) every model is unloaded; after {@code gaming-pc.idle.command-after} the configured
 * command (a suspend, say) runs once per idle stretch. The clock is {@link ActiveRequests}: the last
 * request's start or end, or the service's start.
 */
@Startup
@ApplicationScoped
public class IdleShutdown {

    private static final Logger LOG = Logger.getLogger(IdleShutdown.class);

    private final GamingPcConfig.Idle config;
    private final ActiveRequests requests;
    private final ModelManager models;
    private final ModelStopper stopper;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "idle-shutdown");
        t.setDaemon(true);
        return t;
    });
    private volatile long commandRanFor = -1;

    public IdleShutdown(GamingPcConfig config, ActiveRequests requests, ModelManager models, ModelStopper stopper) {
        this.config = config.idle();
        this.requests = requests;
        this.models = models;
        this.stopper = stopper;
        long every = Math.max(50, this.config.checkInterval().toMillis());
        timer.scheduleWithFixedDelay(this::check, every, every, TimeUnit.MILLISECONDS);
    }

    void check() {
        try {
            if (requests.count() > 0) {
                return;
            }
            long last = requests.lastActivityMillis();
            long idle = System.currentTimeMillis() - last;
            if (enabled() && idle >= config.shutdownAfter().toMillis() && anyLoaded()) {
                LOG.infof("idle for %d s: unloading every model", idle / 1000);
                stopper.unloadIdle();
            }
            if (config.command().isPresent() && idle >= config.commandAfter().toMillis() && commandRanFor != last) {
                commandRanFor = last;
                run(config.command().get());
            }
        } catch (RuntimeException e) {
            LOG.warnf("idle check failed: %s", e.getMessage());
        }
    }

    private static void run(List<String> command) {
        try {
            LOG.infof("idle: running %s", command);
            new ProcessBuilder(command).inheritIO().start();
        } catch (Exception e) {
            LOG.warnf("idle command %s failed: %s", command, e.getMessage());
        }
    }

    private boolean enabled() {
        Duration after = config.shutdownAfter();
        return !after.isZero() && !after.isNegative();
    }

    private boolean anyLoaded() {
        return models.all().stream().map(ManagedModel::state).anyMatch(s -> s.holdsMemory());
    }

    public long idleSeconds() {
        return requests.count() > 0 ? 0 : (System.currentTimeMillis() - requests.lastActivityMillis()) / 1000;
    }

    /** When the models will be unloaded if no request comes; null when none is loaded, one is busy, or it is disabled. */
    public Instant shutdownAt() {
        if (!enabled() || requests.count() > 0 || !anyLoaded()) {
            return null;
        }
        return Instant.ofEpochMilli(requests.lastActivityMillis() + config.shutdownAfter().toMillis());
    }

    public Duration shutdownAfter() {
        return config.shutdownAfter();
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }
}
