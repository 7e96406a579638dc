package dev.localai.inference;

import dev.localai.inference.gguf.TinyLlama;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The tiny model every test shares, written once per JVM under {@code target/test-models}. Loading is
 * shared too: the llama.cpp engine keeps one native model per file and settings for the JVM's life.
 */
public final class TestModels {

    private static Path tiny;

    private TestModels() {
    }

    public static synchronized Path tiny() {
        if (tiny == null) {
            tiny = write(dir().resolve("tiny-42.gguf"), TinyLlama.DEFAULT_SEED);
        }
        return tiny;
    }

    public static Path dir() {
        Path dir = Path.of("target", "test-models").toAbsolutePath();
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path write(Path file, long seed) {
        try {
            TinyLlama.write(file, seed);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The tiny model as a one-slot in-process spec with ctx 256 and one thread. */
    public static ModelSpec spec(String name) {
        return new ModelSpec(name, EngineKind.LLAMA_CPP, tiny(), null, null, null, 256, 1, 1, 4, 0, null, false,
                false, null);
    }
}
