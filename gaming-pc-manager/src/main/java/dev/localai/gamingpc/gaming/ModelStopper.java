package dev.localai.gamingpc.gaming;

import dev.localai.gamingpc.config.GamingPcConfig;
import dev.localai.gamingpc.generation.ActiveRequests;
import dev.localai.inference.lifecycle.ManagedModel;
import dev.localai.inference.lifecycle.ModelManager;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Unloads every model. Idle ones go at once; for busy ones the requests in flight are cancelled or
 * left to finish ({@code gaming-pc.in-flight}), and the models are unloaded as soon as those requests
 * have ended. Requests that arrive later (forced ones in gaming mode) are not waited for.
 */
@ApplicationScoped
public class ModelStopper {

    private static final Logger LOG = Logger.getLogger(ModelStopper.class);

    /**
     * What a stop did: the models unloaded now, those that unload when their requests end, and how many
     * requests in flight it cancelled (none when {@code gaming-pc.in-flight} lets them finish).
     */
    public record Result(List<String> unloaded, List<String> pending, int cancelled) {
    }

    private final ModelManager models;
    private final ActiveRequests requests;
    private final GamingPcConfig config;

    public ModelStopper(ModelManager models, ActiveRequests requests, GamingPcConfig config) {
        this.models = models;
        this.requests = requests;
        this.config = config;
    }

    public Result stopAll(ActiveRequests.Reason reason) {
        int cancelled = 0;
        if (config.inFlight() == GamingPcConfig.InFlight.CANCEL) {
            cancelled = requests.cancelAll(reason);
            try {
                requests.drained().get(5, TimeUnit.SECONDS);      // cancelled generations end within a token
            } catch (Exception slow) {
                LOG.debugf("requests still ending after cancel: %s", slow.toString());
            }
        }
        Result result = unloadIdle();
        if (!result.pending().isEmpty()) {
            requests.drained().thenRun(this::unloadIdle);
        }
        return new Result(result.unloaded(), result.pending(), cancelled);
    }

    /** Unloads every model that has no request in flight. */
    public Result unloadIdle() {
        List<String> unloaded = new ArrayList<>();
        List<String> pending = new ArrayList<>();
        for (ManagedModel model : models.all()) {
            boolean held = model.state().holdsMemory();
            if (model.unload()) {
                if (held) {
                    unloaded.add(model.name());
                }
            } else {
                pending.add(model.name());
            }
        }
        if (!unloaded.isEmpty()) {
            LOG.infof("unloaded %s", unloaded);
        }
        return new Result(unloaded, pending, 0);
    }
}
