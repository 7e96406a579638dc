package dev.localai.gamingpc.detection;

import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Asks {@code nvidia-smi --query-compute-apps=pid,process_name --format=csv,noheader} which processes use
 * the GPU (compute processes: llama-server, CUDA apps; games that only draw may not be listed). Where {@code nvidia-smi} is absent
 * the answer is empty and {@link #absent()} is true (then it is not asked again).
 */
@ApplicationScoped
public class NvidiaSmi {

    private volatile boolean absent;

    public boolean absent() {
        return absent;
    }

    /** Names of GPU processes other than this one; empty when unknown. */
    public Optional<List<String>> otherGpuProcesses() {
        if (absent) {
            return Optional.empty();
        }
        try {
            Process p = new ProcessBuilder("nvidia-smi", "--query-compute-apps=pid,process_name",
                    "--format=csv,noheader").redirectErrorStream(true).start();
            if (!p.waitFor(3, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.empty();
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                return Optional.empty();
            }
            long self = ProcessHandle.current().pid();
            List<String> names = new ArrayList<>();
            for (String line : out.strip().split("\n")) {
                String[] parts = line.split(",", 2);
                if (parts.length == 2 && !parts[0].trim().equals(String.valueOf(self))) {
                    names.add(parts[1].trim());
                }
            }
            return Optional.of(names);
        } catch (IOException e) {
            absent = true;
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
