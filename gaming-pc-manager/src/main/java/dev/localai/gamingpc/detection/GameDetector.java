package dev.localai.gamingpc.detection;

import dev.localai.inference.serving.gpu.NvidiaSmi;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.localai.gamingpc.config.GamingPcConfig;
import dev.localai.gamingpc.gaming.GamingMode;
import dev.localai.gamingpc.gaming.GamingModeState;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Switches gaming mode on by itself when a configured game process runs or another process uses the GPU,
 * and off again when it is gone. It acts on changes only: a game starting turns gaming mode on (why:
 * detected); the game ending turns it off only if it was switched on by detection, so a manual choice
 * is never undone. Nothing configured, or no {@code nvidia-smi}: the detector says so and stays idle.
 */
@Startup
@ApplicationScoped
public class GameDetector {

    private static final Logger LOG = Logger.getLogger(GameDetector.class);

    /** What the detector sees: its setup and the last look. {@code nvidiaSmi}: off, absent or watching. */
    public record View(List<String> processes, @JsonProperty("nvidia_smi") String nvidiaSmi, boolean active,
                       String game, @JsonProperty("checked_at") Instant checkedAt) {
    }

    private final Set<String> watched;
    private final boolean useNvidiaSmi;
    private final ProcessList processes;
    private final NvidiaSmi nvidiaSmi;
    private final GamingMode gaming;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "game-detector");
        t.setDaemon(true);
        return t;
    });
    private volatile String game;
    private volatile Instant checkedAt;

    public GameDetector(GamingPcConfig config, ProcessList processes, NvidiaSmi nvidiaSmi, GamingMode gaming) {
        this.watched = config.detection().processes().orElse(List.of()).stream()
                .map(n -> n.trim().toLowerCase(Locale.ROOT)).filter(n -> !n.isEmpty()).collect(Collectors.toSet());
        this.useNvidiaSmi = config.detection().nvidiaSmi();
        this.processes = processes;
        this.nvidiaSmi = nvidiaSmi;
        this.gaming = gaming;
        long every = Math.max(50, config.detection().interval().toMillis());
        timer.scheduleWithFixedDelay(this::checkQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    private void checkQuietly() {
        try {
            check();
        } catch (RuntimeException e) {
            LOG.warnf("game detection failed: %s", e.getMessage());
        }
    }

    /** Looks once and acts on a change; returns the game seen, or null. */
    public synchronized String check() {
        if (!active()) {
            return null;
        }
        String seen = lookForGame();
        String before = game;
        game = seen;
        checkedAt = Instant.now();
        if (seen != null && before == null && !gaming.on()) {
            LOG.infof("game detected: %s", seen);
            gaming.set(true, GamingModeState.DETECTED);
        } else if (seen == null && before != null && gaming.on()
                && GamingModeState.DETECTED.equals(gaming.state().why())) {
            LOG.infof("game gone: %s", before);
            gaming.set(false, GamingModeState.DETECTED);
        }
        return seen;
    }

    private String lookForGame() {
        if (!watched.isEmpty()) {
            Optional<String> running = processes.names().stream()
                    .filter(n -> watched.contains(n.toLowerCase(Locale.ROOT))).findFirst();
            if (running.isPresent()) {
                return running.get();
            }
        }
        if (useNvidiaSmi) {
            Optional<List<String>> gpu = nvidiaSmi.otherComputeProcesses();
            if (gpu.isPresent() && !gpu.get().isEmpty()) {
                return "GPU process " + gpu.get().get(0);
            }
        }
        return null;
    }

    private boolean active() {
        return !watched.isEmpty() || useNvidiaSmi && !nvidiaSmi.absent();
    }

    public View view() {
        String smi = !useNvidiaSmi ? "off" : nvidiaSmi.absent() ? "absent" : "watching";
        return new View(watched.stream().sorted().toList(), smi, active(), game, checkedAt);
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }
}
