package dev.localai.gamingpc.status;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.localai.gamingpc.detection.GameDetector;

import java.util.List;

/**
 * {@code GET /status}. The router reads {@code gaming_mode} (a boolean); keep that name.
 *
 * @param since            when gaming mode last changed (ISO-8601); null if never
 * @param why              {@code manual} or {@code detected}
 * @param idleSeconds      seconds since the last request started or ended (0 while one is in flight)
 * @param idleShutdownAt   when every model will be unloaded if no request comes; null when nothing is loaded
 * @param gpuMemory        null when unknown (no {@code nvidia-smi})
 */
public record StatusView(
        @JsonProperty("gaming_mode") boolean gamingMode,
        String since,
        String why,
        List<Model> models,
        @JsonProperty("in_flight") int inFlight,
        @JsonProperty("idle_seconds") long idleSeconds,
        @JsonProperty("idle_shutdown_after_seconds") long idleShutdownAfterSeconds,
        @JsonProperty("idle_shutdown_at") String idleShutdownAt,
        @JsonProperty("gpu_memory") GpuMemory gpuMemory,
        GameDetector.View detection) {

    /** One model: its state ({@code not_loaded}, {@code loading}, {@code ready}, {@code in_use}, {@code error}). */
    public record Model(String name, String engine, String state, String reason,
                        @JsonProperty("in_flight") int inFlight, @JsonProperty("last_use") String lastUse,
                        @JsonProperty("memory_mb") long memoryMb) {
    }

    /** GPU memory in MiB from {@code nvidia-smi}. */
    public record GpuMemory(@JsonProperty("used_mb") long usedMb, @JsonProperty("total_mb") long totalMb) {
    }
}
