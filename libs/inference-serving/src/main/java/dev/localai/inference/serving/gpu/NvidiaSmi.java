package dev.localai.inference.serving.gpu;

import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The one reader of {@code nvidia-smi}, for both GPU services: the GPU memory used and in total
 * ({@code --query-gpu=memory.used,memory.total}, MiB, summed over GPUs, read at most every 5 s), and
 * which other processes compute on the GPU ({@code --query-compute-apps=pid,process_name}: llama-server,
 * CUDA apps; games that only draw may not be listed). Each call waits 3 s at most. Where
 * {@code nvidia-smi} is absent every answer is empty and {@link #absent()} is true; it is not asked again.
 */
@ApplicationScoped
public class NvidiaSmi {

    /** MiB used and in total, over every GPU. */
    public record Memory(long usedMb, long totalMb) {
        public double usedBytes() {
            return usedMb * 1024.0 * 1024.0;
        }

        public double totalBytes() {
            return totalMb * 1024.0 * 1024.0;
        }
    }

    private static final long MEMORY_MAX_AGE_NANOS = TimeUnit.SECONDS.toNanos(5);

    private volatile boolean absent;
    private volatile Optional<Memory> memory = Optional.empty();
    private volatile long memoryReadAt;

    /** True once {@code nvidia-smi} could not be started on this machine. */
    public boolean absent() {
        return absent;
    }

    /** GPU memory; empty when unknown. */
    public Optional<Memory> memory() {
        long now = System.nanoTime();
        if (!absent && (memoryReadAt == 0 || now - memoryReadAt > MEMORY_MAX_AGE_NANOS)) {
            memoryReadAt = now;
            memory = run("--query-gpu=memory.used,memory.total", "--format=csv,noheader,nounits")
                    .flatMap(NvidiaSmi::parseMemory);
        }
        return memory;
    }

    /** Names of processes other than this one that compute on the GPU; empty when unknown. */
    public Optional<List<String>> otherComputeProcesses() {
        return run("--query-compute-apps=pid,process_name", "--format=csv,noheader").map(NvidiaSmi::parseProcesses);
    }

    private Optional<String> run(String... arguments) {
        if (absent) {
            return Optional.empty();
        }
        List<String> command = new ArrayList<>(List.of("nvidia-smi"));
        command.addAll(List.of(arguments));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!p.waitFor(3, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.empty();
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.exitValue() == 0 ? Optional.of(out) : Optional.empty();
        } catch (IOException e) {
            absent = true;                        // no nvidia-smi on this machine: do not try again
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** {@code nvidia-smi}'s CSV lines ({@code used, total} in MiB), summed; empty when they do not parse. */
    static Optional<Memory> parseMemory(String csv) {
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
        return Optional.of(new Memory(used, total));
    }

    /** {@code pid, name} lines, without this process. */
    static List<String> parseProcesses(String csv) {
        long self = ProcessHandle.current().pid();
        List<String> names = new ArrayList<>();
        for (String line : csv.strip().split("\n")) {
            String[] parts = line.split(",", 2);
            if (parts.length == 2 && !parts[0].trim().equals(String.valueOf(self))) {
                names.add(parts[1].trim());
            }
        }
        return names;
    }
}
