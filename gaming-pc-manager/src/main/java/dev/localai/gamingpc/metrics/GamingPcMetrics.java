package dev.localai.gamingpc.metrics;

import dev.localai.gamingpc.gaming.GamingMode;
import dev.localai.gamingpc.gaming.GamingModeState;
import dev.localai.gamingpc.idle.IdleShutdown;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;

/**
 * The gaming PC's own metrics, read when scraped: gaming mode by how it was set ({@code why="manual"} or
 * {@code "detected"}, 1 while on for that reason), how long the GPU has been idle and how long until idle
 * shutdown unloads the models (NaN when nothing would be unloaded), and forced requests served in gaming mode.
 */
@Startup
@ApplicationScoped
public class GamingPcMetrics {

    private final Counter forced;

    public GamingPcMetrics(MeterRegistry registry, GamingMode gaming, IdleShutdown idle) {
        for (String why : new String[]{GamingModeState.MANUAL, GamingModeState.DETECTED}) {
            Gauge.builder("gaming_pc_gaming_mode", gaming, g -> g.on() && why.equals(g.state().why()) ? 1 : 0)
                    .tag("why", why).description("1 while gaming mode is on, by how it was switched on")
                    .register(registry);
        }
        Gauge.builder("gaming_pc_idle_seconds", idle, IdleShutdown::idleSeconds)
                .description("Seconds since the last inference request ended (0 while one runs)").register(registry);
        Gauge.builder("gaming_pc_idle_shutdown_in_seconds", idle, GamingPcMetrics::untilShutdown)
                .description("Seconds until idle shutdown unloads every model (NaN: nothing loaded, busy or disabled)")
                .register(registry);
        this.forced = Counter.builder("gaming_pc_forced_requests")
                .description("Inference requests served in gaming mode because they were forced (X-Force-Big)")
                .register(registry);
    }

    /** One forced request admitted while gaming mode is on. */
    public void forcedRequest() {
        forced.increment();
    }

    private static double untilShutdown(IdleShutdown idle) {
        Instant at = idle.shutdownAt();
        return at == null ? Double.NaN : Math.max(0, at.toEpochMilli() - System.currentTimeMillis()) / 1000.0;
    }
}
