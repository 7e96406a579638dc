package dev.localai.inference.gguf;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Says in words what is wrong with a model file before llama.cpp tries it, because a failed load in
 * {@code de.kherud:llama} only throws "could not load model from given file path". Reads the first
 * magic and version, then walks the header to see whether the file is long enough for its tensors.
 */
public final class GgufCheck {

    private static final int HEADER_BYTES = 24;

    private GgufCheck() {
    }

    /** Empty when the file looks like a loadable GGUF; otherwise the reason it is not. */
    public static Optional<String> problem(Path file) {
        if (file == null) {
            return Optional.of("no model file configured");
        }
        if (!Files.exists(file)) {
            return Optional.of("file not found: " + file);
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            return Optional.of("not a readable file: " + file);
        }
        byte[] head = new byte[HEADER_BYTES];
        int read;
        try (InputStream in = Files.newInputStream(file)) {
            read = in.readNBytes(head, 0, HEADER_BYTES);
        } catch (IOException e) {
            return Optional.of("cannot read " + file + ": " + e.getMessage());
        }
        ByteBuffer header = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
        if (read < 4 || header.getInt(0) != GgufWriter.MAGIC) {
            return Optional.of("not a GGUF file (no GGUF magic at the start): " + file);
        }
        if (read < HEADER_BYTES) {
            return Optional.of("truncated GGUF file (" + read + " bytes, shorter than its header): " + file);
        }
        int version = header.getInt(4);
        if (version < 2 || version > 3) {
            return Optional.of("unsupported GGUF version " + version + " (2 or 3 expected): " + file);
        }
        return truncation(file);
    }

    private static Optional<String> truncation(Path file) {
        try {
            long size = Files.size(file);
            OptionalLong expected = GgufLayout.read(file).expectedLength();
            if (expected.isPresent() && size < expected.getAsLong()) {
                return Optional.of("truncated GGUF file (" + size + " bytes, its tensors need "
                        + expected.getAsLong() + "): " + file);
            }
            return Optional.empty();
        } catch (EOFException e) {
            return Optional.of("truncated GGUF file (ends inside its header): " + file);
        } catch (IOException e) {
            return Optional.of("corrupt GGUF header (" + e.getMessage() + "): " + file);
        }
    }

    /** Whether prompts to this model start with a BOS token ({@code tokenizer.ggml.add_bos_token}, default true). */
    public static boolean addsBos(Path file) {
        try {
            return GgufLayout.read(file).addsBos();
        } catch (IOException e) {
            return true;
        }
    }

    /** The reason to report after llama.cpp refused a file that passed {@link #problem}. */
    public static String loadFailure(Path file, String engineMessage) {
        return "llama.cpp could not load " + file + " (" + engineMessage
                + "); the file may be truncated, of an unsupported architecture or quantization, or too big";
    }
}
