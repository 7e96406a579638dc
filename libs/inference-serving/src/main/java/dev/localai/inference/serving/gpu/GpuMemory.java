package dev.localai.inference.serving.gpu;

import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * GPU memory from {@code nvidia-smi --query-gpu=memory.used,memory.total --format=csv,noheader,nounits}
 * (MiB, one line per GPU, summed), read at most every 5 s. Without {@code nvidia-smi} (or when it fails)
 * the reading is unknown (empty), never an error; a machine without {@code nvidia-smi} is not asked again.
 */
@ApplicationScoped
public class GpuMemory {

    /** MiB used and in total, over every GPU. */
    public record Reading(long usedMb, long totalMb) {
        public double usedBytes() {
            return usedMb * 1024.0 * 1024.0;
        }

        public double totalBytes() {
            return totalMb * 1024.0 * 1024.0;
        }
    }

    private static final long MAX_AGE_NANOS = TimeUnit.SECONDS.toNanos(5);

    private volatile Optional<Reading> last = Optional.empty();
    private volatile long readAt;
    private volatile boolean absent;

    public Optional<Reading> read() {
        long now = System.nanoTime();
        if (!absent && (readAt == 0 || now - readAt > MAX_AGE_NANOS)) {
            readAt = now;
            last = query();
        }
        return last;
    }

    private Optional<Reading> query() {
        try {
            Process p = new ProcessBuilder("nvidia-smi", "--query-gpu=memory.used,memory.total",
                    "--format=csv,noheader,nounits").redirectErrorStream(true).start();
            if (!p.waitFor(3, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.empty();
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.exitValue() == 0 ? parse(out) : Optional.empty();
        } catch (IOException e) {
            absent = true;                        // no nvidia-smi on this machine: do not try again
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** {@code nvidia-smi}'s CSV lines ({@code used, total} in MiB), summed; empty when they do not parse. */
    static Optional<Reading> parse(String csv) {
        long used = 0;
        long total = 0;
        try {
            for (String line : csv.strip().split("\n")) {
                String[] parts = line.split(",");
                used += Math.round(Double.parseDouble(parts[0].trim()));
                total += Math.round(Double.parseDouble(parts[1].trim()));
            }
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        return Optional.of(new Reading(used, total));
    }
}
