package dev.localai.gamingpc.status;

import dev.localai.inference.serving.gpu.NvidiaSmi;

import dev.localai.gamingpc.detection.GameDetector;
import dev.localai.gamingpc.gaming.GamingMode;
import dev.localai.gamingpc.gaming.GamingModeState;
import dev.localai.gamingpc.generation.ActiveRequests;
import dev.localai.gamingpc.idle.IdleShutdown;
import dev.localai.inference.lifecycle.ModelManager;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Objects;

/** Puts {@link StatusView} together from the beans that own each part; reads atomics only, never waits on a lock. */
@ApplicationScoped
public class StatusReport {

    private final GamingMode gaming;
    private final ModelManager models;
    private final ActiveRequests requests;
    private final IdleShutdown idle;
    private final GameDetector detector;
    private final NvidiaSmi gpu;

    public StatusReport(GamingMode gaming, ModelManager models, ActiveRequests requests, IdleShutdown idle,
                        GameDetector detector, NvidiaSmi gpu) {
        this.gaming = gaming;
        this.models = models;
        this.requests = requests;
        this.idle = idle;
        this.detector = detector;
        this.gpu = gpu;
    }

    public StatusView now() {
        GamingModeState mode = gaming.state();
        Instant shutdownAt = idle.shutdownAt();
        return new StatusView(mode.enabled(), text(mode.since()), mode.why(),
                models.status().stream().map(s -> new StatusView.Model(s.name(), s.engine().wireName(),
                        s.state().wireName(), s.reason(), s.inFlight(), text(s.lastUse()), s.memoryMb())).toList(),
                requests.count(), idle.idleSeconds(), idle.shutdownAfter().toSeconds(), text(shutdownAt),
                gpu.memory().map(r -> new StatusView.GpuMemory(r.usedMb(), r.totalMb())).orElse(null), detector.view());
    }

    private static String text(Instant instant) {
        return instant == null ? null : Objects.toString(instant);
    }
}
