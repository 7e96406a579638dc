package dev.localai.gamingpc.detection;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Process names from {@code /proc} (Linux): each {@code /proc/<pid>/comm} (at most 15 characters) and the
 * file name of the first word of {@code /proc/<pid>/cmdline} (the full name, also {@code .exe} names
 * under Wine/Proton). Elsewhere (no {@code /proc}) the list is empty. Another {@link ProcessList} bean
 * replaces this one.
 */
@DefaultBean
@ApplicationScoped
public class ProcfsProcessList implements ProcessList {

    private static final Path PROC = Path.of("/proc");

    @Override
    public Set<String> names() {
        Set<String> names = new HashSet<>();
        if (!Files.isDirectory(PROC)) {
            return names;
        }
        try (DirectoryStream<Path> pids = Files.newDirectoryStream(PROC, p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path pid : pids) {
                read(pid.resolve("comm")).ifPresent(names::add);
                read(pid.resolve("cmdline")).map(c -> c.split("\0", 2)[0]).filter(c -> !c.isBlank())
                        .map(c -> c.substring(Math.max(c.lastIndexOf('/'), c.lastIndexOf('\\')) + 1)).ifPresent(names::add);
            }
        } catch (IOException e) {
            return names;
        }
        return names;
    }

    private static java.util.Optional<String> read(Path file) {
        try {
            return java.util.Optional.of(new String(Files.readAllBytes(file), StandardCharsets.UTF_8).strip());
        } catch (IOException | RuntimeException gone) {
            return java.util.Optional.empty();
        }
    }
}
