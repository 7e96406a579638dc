package dev.localai.mattermost.gamingpc;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.List;

/**
 * What the bot reads of the gaming PC's {@code GET /status} (also the answer of {@code POST /gaming-mode} and
 * {@code POST /stop-all}); gaming-pc-manager's {@code StatusView} has more.
 *
 * @param since          when gaming mode last changed; null if never
 * @param why            {@code manual} or {@code detected}
 * @param inFlight       inference requests running now
 * @param idleShutdownAt when idle shutdown will unload everything; null when nothing is loaded
 * @param stopped        in the answer of a change only: what that change unloaded, left pending and cancelled;
 *                       null in {@code GET /status}, after gaming mode off, and from a manager too old to say
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PcStatus(@JsonProperty("gaming_mode") boolean gamingMode, Instant since, String why, List<Model> models,
                       @JsonProperty("in_flight") int inFlight, @JsonProperty("idle_shutdown_at") Instant idleShutdownAt,
                       Detection detection, Stopped stopped) {

    public PcStatus {
        models = models == null ? List.of() : List.copyOf(models);
    }

    /** The names of the models that hold GPU memory now (loading, ready or in use). */
    public List<String> loaded() {
        return models.stream().filter(Model::holdsMemory).map(Model::name).toList();
    }

    /** The game the detector sees, or null. */
    public String game() {
        return detection == null ? null : detection.game();
    }

    /** One model: {@code not_loaded}, {@code loading}, {@code ready}, {@code in_use} or {@code error}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Model(String name, String state, @JsonProperty("in_flight") int inFlight) {

        public boolean holdsMemory() {
            return "loading".equals(state) || "ready".equals(state) || "in_use".equals(state);
        }
    }

    /** What one gaming-mode-on or stop-all did, as the manager counted it. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Stopped(List<String> unloaded, List<String> pending, int cancelled) {

        public Stopped {
            unloaded = unloaded == null ? List.of() : List.copyOf(unloaded);
            pending = pending == null ? List.of() : List.copyOf(pending);
        }
    }

    /** The game detector's last look. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Detection(boolean active, String game) {
    }
}
