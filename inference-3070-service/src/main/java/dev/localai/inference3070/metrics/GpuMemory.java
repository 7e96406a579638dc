package dev.localai.inference3070.metrics;

import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * GPU memory from {@code nvidia-smi --query-gpu=memory.used,memory.total --format=csv,noheader,nounits}
 * (MiB, one line per GPU, summed), read at most every 10 s. Without {@code nvidia-smi} (or when it fails)
 * the reading is unknown: NaN, never an error.
 */
@ApplicationScoped
public class GpuMemory {

    /** Bytes used and in total; NaN when unknown. */
    public record Reading(double usedBytes, double totalBytes) {
        static final Reading UNKNOWN = new Reading(Double.NaN, Double.NaN);

        public boolean known() {
            return !Double.isNaN(usedBytes);
        }
    }

    private static final long MAX_AGE_NANOS = TimeUnit.SECONDS.toNanos(10);

    private volatile Reading last = Reading.UNKNOWN;
    private volatile long readAt;
    private volatile boolean absent;

    public Reading read() {
        long now = System.nanoTime();
        if (!absent && (readAt == 0 || now - readAt > MAX_AGE_NANOS)) {
            readAt = now;
            last = query();
        }
        return last;
    }

    private Reading query() {
        try {
            Process p = new ProcessBuilder("nvidia-smi", "--query-gpu=memory.used,memory.total",
                    "--format=csv,noheader,nounits").redirectErrorStream(true).start();
            if (!p.waitFor(3, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Reading.UNKNOWN;
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                return Reading.UNKNOWN;
            }
            double used = 0;
            double total = 0;
            for (String line : out.strip().split("\n")) {
                String[] parts = line.split(",");
                used += Double.parseDouble(parts[0].trim()) * 1024 * 1024;
                total += Double.parseDouble(parts[1].trim()) * 1024 * 1024;
            }
            return new Reading(used, total);
        } catch (IOException e) {
            absent = true;                        // no nvidia-smi on this machine: do not try again
            return Reading.UNKNOWN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Reading.UNKNOWN;
        } catch (RuntimeException e) {
            return Reading.UNKNOWN;
        }
    }
}
