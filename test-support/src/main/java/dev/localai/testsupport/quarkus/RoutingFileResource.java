package dev.localai.testsupport.quarkus;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one test resource that puts a router in front of stand-ins: a subclass starts the stand-ins it
 * needs ({@link #started} closes them at the end) and returns the routing YAML written for their
 * addresses; this writes it to a temporary file, points {@code router.routing-file} at it, adds the
 * subclass's {@link #settings()}, and removes it all when the tests are done.
 */
public abstract class RoutingFileResource implements QuarkusTestResourceLifecycleManager {

    private final Deque<AutoCloseable> stands = new ArrayDeque<>();
    private Path file;

    /** Starts the stand-ins (each through {@link #started}) and returns the routing YAML for them. */
    protected abstract String routing();

    /** More router settings; none by default. */
    protected Map<String, String> settings() {
        return Map.of();
    }

    /** Registers a started stand-in so that it is closed when the tests are done; returns it. */
    protected <T extends AutoCloseable> T started(T stand) {
        stands.push(stand);
        return stand;
    }

    /** The routing file, for tests that rewrite it (hot reload). */
    protected Path file() {
        return file;
    }

    @Override
    public final Map<String, String> start() {
        String yaml = routing();
        try {
            file = Files.createTempFile("routing", ".yaml");
            Files.writeString(file, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> config = new LinkedHashMap<>();
        config.put("router.routing-file", file.toString());
        config.putAll(settings());
        return config;
    }

    @Override
    public void stop() {
        while (!stands.isEmpty()) {
            try {
                stands.pop().close();
            } catch (Exception ignored) {
                // a stand-in that does not close cleanly at the end harms nothing
            }
        }
        try {
            if (file != null) {
                Files.deleteIfExists(file);
            }
        } catch (IOException ignored) {
            // a temp file left behind is harmless
        }
    }
}
