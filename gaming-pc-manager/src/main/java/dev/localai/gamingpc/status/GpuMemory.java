package dev.localai.gamingpc.status;

import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * GPU memory from {@code nvidia-smi --query-gpu=memory.used,memory.total --format=csv,noheader,nounits}
 * (MiB, summed over GPUs), read at most every 5 s. Without {@code nvidia-smi} it is unknown (empty), never
 * an error, and not asked again.
 */
@ApplicationScoped
public class GpuMemory {

    private static final long MAX_AGE_NANOS = TimeUnit.SECONDS.toNanos(5);

    private volatile Optional<StatusView.GpuMemory> last = Optional.empty();
    private volatile long readAt;
    private volatile boolean absent;

    public Optional<StatusView.GpuMemory> read() {
        long now = System.nanoTime();
        if (!absent && (readAt == 0 || now - readAt > MAX_AGE_NANOS)) {
            readAt = now;
            last = query();
        }
        return last;
    }

    private Optional<StatusView.GpuMemory> query() {
        try {
            Process p = new ProcessBuilder("nvidia-smi", "--query-gpu=memory.used,memory.total",
                    "--format=csv,noheader,nounits").redirectErrorStream(true).start();
            if (!p.waitFor(3, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.empty();
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                return Optional.empty();
            }
            long used = 0;
            long total = 0;
            for (String line : out.strip().split("\n")) {
                String[] parts = line.split(",");
                used += Math.round(Double.parseDouble(parts[0].trim()));
                total += Math.round(Double.parseDouble(parts[1].trim()));
            }
            return Optional.of(new StatusView.GpuMemory(used, total));
        } catch (IOException e) {
            absent = true;
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
