package dev.localai.gamingpc.gaming;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Keeps {@link GamingModeState} in a small JSON file, e.g. {@code {"enabled":true,"since":"…","why":"manual"}}.
 * Writes go to a temporary file that then replaces the old one, so a crash never leaves half a file.
 * A missing or unreadable file means gaming mode off (an unreadable one is logged).
 */
public final class GamingModeStore {

    private static final Logger LOG = Logger.getLogger(GamingModeStore.class);

    private final Path file;
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    public GamingModeStore(Path file) {
        this.file = file.toAbsolutePath();
    }

    public GamingModeState load() {
        if (!Files.exists(file)) {
            return GamingModeState.off();
        }
        try {
            return json.readValue(file.toFile(), GamingModeState.class);
        } catch (IOException e) {
            LOG.warnf("cannot read %s (%s); gaming mode starts off", file, e.getMessage());
            return GamingModeState.off();
        }
    }

    public void save(GamingModeState state) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            json.writeValue(tmp.toFile(), state);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    public Path file() {
        return file;
    }
}
