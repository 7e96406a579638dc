package dev.localai.inference.engine.llamacpp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Prepares the JVM for {@code de.kherud:llama} before its classes load. The library extracts
 * {@code libjllama.so} into {@code de.kherud.llama.tmpdir} (default: {@code java.io.tmpdir}) and first
 * deletes every file there whose name starts with {@code llama} or {@code jllama}; two JVMs sharing the
 * directory also race on the same file name. So when the property is not set, a directory of this
 * process's own is used: {@code <java.io.tmpdir>/local-inference-native-<pid>}.
 */
final class NativeLibrary {

    static final String TMPDIR_PROPERTY = "de.kherud.llama.tmpdir";

    private NativeLibrary() {
    }

    static synchronized void prepare() {
        String configured = System.getProperty(TMPDIR_PROPERTY);
        Path dir = configured != null && !configured.isBlank()
                ? Path.of(configured)
                : Path.of(System.getProperty("java.io.tmpdir"), "local-inference-native-" + ProcessHandle.current().pid());
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir + " for llama.cpp's native library", e);
        }
        System.setProperty(TMPDIR_PROPERTY, dir.toString());
    }
}
