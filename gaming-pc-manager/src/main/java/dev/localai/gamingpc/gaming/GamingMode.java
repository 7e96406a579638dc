package dev.localai.gamingpc.gaming;

import dev.localai.gamingpc.config.GamingPcConfig;
import dev.localai.gamingpc.generation.ActiveRequests;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;

/**
 * The one owner of gaming mode. Read from the state file at start; every change is written back.
 * Switching it on unloads every model ({@link ModelStopper}); while it is on, inference requests are
 * refused unless forced (see {@link ForceBig}).
 */
@Startup
@ApplicationScoped
public class GamingMode {

    private static final Logger LOG = Logger.getLogger(GamingMode.class);

    private final GamingModeStore store;
    private final ModelStopper stopper;
    private volatile GamingModeState state;

    public GamingMode(GamingPcConfig config, ModelStopper stopper) {
        this.store = new GamingModeStore(config.stateFile());
        this.stopper = stopper;
        this.state = store.load();
        LOG.infof("gaming mode %s (%s, from %s)", state.enabled() ? "on" : "off", state.why(), store.file());
    }

    public GamingModeState state() {
        return state;
    }

    public boolean on() {
        return state.enabled();
    }

    /** Sets gaming mode; turning it on unloads every model. Returns what was unloaded, or null when nothing changed. */
    public synchronized ModelStopper.Result set(boolean enabled, String why) {
        boolean changed = state.enabled() != enabled;
        if (changed || !state.why().equals(why)) {
            state = new GamingModeState(enabled, changed || state.since() == null ? Instant.now() : state.since(), why);
            store.save(state);
            LOG.infof("gaming mode %s (%s)", enabled ? "on" : "off", why);
        }
        return enabled ? stopper.stopAll(ActiveRequests.Reason.GAMING_MODE) : null;
    }
}
