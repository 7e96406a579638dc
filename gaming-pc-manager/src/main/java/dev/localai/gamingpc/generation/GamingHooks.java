package dev.localai.gamingpc.generation;

import dev.localai.gamingpc.metrics.GamingPcMetrics;
import dev.localai.openai.ApiException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.localai.gamingpc.GamingErrors;
import dev.localai.gamingpc.gaming.ForceBig;
import dev.localai.gamingpc.gaming.GamingMode;
import dev.localai.inference.Cancellation;
import dev.localai.inference.serving.generation.GenerationHooks;
import dev.localai.inference.serving.generation.InferenceCall;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The gaming PC's part of each generation: in gaming mode a request that is not forced ({@link ForceBig})
 * is a 503 "gaming mode"; every accepted request is in {@link ActiveRequests} until it ends, so gaming
 * mode and stop-all can cancel it, and one they cancelled gets their error rather than a silent reset.
 */
@ApplicationScoped
public class GamingHooks implements GenerationHooks {

    private final GamingMode gaming;
    private final ActiveRequests active;
    private final ObjectMapper json;

    private final GamingPcMetrics metrics;

    public GamingHooks(GamingMode gaming, ActiveRequests active, ObjectMapper json, GamingPcMetrics metrics) {
        this.gaming = gaming;
        this.active = active;
        this.json = json;
        this.metrics = metrics;
    }

    @Override
    public void admit(InferenceCall call, HttpServerRequest request, byte[] body) {
        if (gaming.on()) {
            if (!ForceBig.requested(request, body, json)) {
                throw GamingErrors.gamingMode();
            }
            metrics.forcedRequest();
        }
    }

    @Override
    public void begin(InferenceCall call, Cancellation cancellation) {
        active.begin(cancellation);
    }

    @Override
    public ApiException cancelledByService(Cancellation cancellation) {
        ActiveRequests.Reason why = active.cancelledBecause(cancellation);
        if (why == null) {
            return null;
        }
        return why == ActiveRequests.Reason.GAMING_MODE ? GamingErrors.gamingMode() : GamingErrors.stopped();
    }

    @Override
    public void finished(InferenceCall call, Cancellation cancellation) {
        active.end(cancellation);
    }
}
