package dev.localai.inference.gguf;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a GGUF version 3 file (https://github.com/ggml-org/ggml/blob/master/docs/gguf.md): little-endian
 * header, metadata key/values, tensor descriptors, then the tensor data aligned to {@value #ALIGNMENT}
 * bytes. Only F32 tensors and the metadata types a llama model needs are supported.
 */
public final class GgufWriter {

    static final int MAGIC = 0x46554747;          // "GGUF" read as a little-endian u32
    static final int VERSION = 3;
    static final int ALIGNMENT = 32;

    private static final int TYPE_U32 = 4;
    private static final int TYPE_I32 = 5;
    private static final int TYPE_F32 = 6;
    private static final int TYPE_BOOL = 7;
    private static final int TYPE_STRING = 8;
    private static final int TYPE_ARRAY = 9;
    private static final int GGML_F32 = 0;

    /** Writes one metadata value (after its key and type tag). */
    private interface Value {
        void writeTo(Sink out);
    }

    private record Entry(String key, int type, Value value) {
    }

    private record Tensor(String name, long[] shape, float[] values) {
        long bytes() {
            return 4L * values.length;
        }
    }

    private final List<Entry> metadata = new ArrayList<>();
    private final List<Tensor> tensors = new ArrayList<>();

    public GgufWriter string(String key, String value) {
        metadata.add(new Entry(key, TYPE_STRING, out -> out.string(value)));
        return this;
    }

    public GgufWriter u32(String key, int value) {
        metadata.add(new Entry(key, TYPE_U32, out -> out.i32(value)));
        return this;
    }

    public GgufWriter f32(String key, float value) {
        metadata.add(new Entry(key, TYPE_F32, out -> out.f32(value)));
        return this;
    }

    public GgufWriter bool(String key, boolean value) {
        metadata.add(new Entry(key, TYPE_BOOL, out -> out.u8(value ? 1 : 0)));
        return this;
    }

    public GgufWriter strings(String key, List<String> values) {
        metadata.add(new Entry(key, TYPE_ARRAY, out -> {
            out.i32(TYPE_STRING);
            out.i64(values.size());
            values.forEach(out::string);
        }));
        return this;
    }

    public GgufWriter floats(String key, float[] values) {
        metadata.add(new Entry(key, TYPE_ARRAY, out -> {
            out.i32(TYPE_F32);
            out.i64(values.length);
            for (float v : values) {
                out.f32(v);
            }
        }));
        return this;
    }

    public GgufWriter ints(String key, int[] values) {
        metadata.add(new Entry(key, TYPE_ARRAY, out -> {
            out.i32(TYPE_I32);
            out.i64(values.length);
            for (int v : values) {
                out.i32(v);
            }
        }));
        return this;
    }

    /**
     * An F32 tensor. {@code shape} is in GGUF order: {@code shape[0]} is the contiguous dimension
     * (the row length), so a {@code [n_embd, n_vocab]} matrix holds n_vocab rows of n_embd values.
     */
    public GgufWriter tensor(String name, float[] values, long... shape) {
        long count = 1;
        for (long dim : shape) {
            count *= dim;
        }
        if (count != values.length) {
            throw new IllegalArgumentException(name + ": shape holds " + count + " values, got " + values.length);
        }
        tensors.add(new Tensor(name, shape.clone(), values));
        return this;
    }

    /** Writes the file through a temporary sibling, then moves it in place, so a reader never sees half a file. */
    public void writeTo(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path partial = Files.createTempFile(dir, ".gguf-", ".part");
        try {
            try (OutputStream stream = Files.newOutputStream(partial)) {
                Sink out = new Sink(stream);
                writeHeader(out);
                for (Tensor t : tensors) {
                    for (float v : t.values) {
                        out.f32(v);
                    }
                    out.zeros(padding(t.bytes()));
                }
                out.flush();
            } catch (java.io.UncheckedIOException e) {
                throw e.getCause();
            }
            readableByAll(partial);
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /** A temporary file is private to its owner; a model file is not. */
    private static void readableByAll(Path file) throws IOException {
        if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    private void writeHeader(Sink out) {
        out.i32(MAGIC);
        out.i32(VERSION);
        out.i64(tensors.size());
        out.i64(metadata.size());
        for (Entry e : metadata) {
            out.string(e.key);
            out.i32(e.type);
            e.value.writeTo(out);
        }
        long offset = 0;
        for (Tensor t : tensors) {
            out.string(t.name);
            out.i32(t.shape.length);
            for (long dim : t.shape) {
                out.i64(dim);
            }
            out.i32(GGML_F32);
            out.i64(offset);                  // relative to the start of the data section
            offset += t.bytes() + padding(t.bytes());
        }
        out.zeros(padding(out.written));      // the data section starts aligned
    }

    static int padding(long size) {
        return (int) ((ALIGNMENT - size % ALIGNMENT) % ALIGNMENT);
    }

    /** A little-endian writer over a buffered stream that counts what it wrote. */
    private static final class Sink {
        private final OutputStream stream;
        private final ByteBuffer buffer = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        private long written;

        Sink(OutputStream stream) {
            this.stream = stream;
        }

        void u8(int v) {
            room(1).put((byte) v);
            written += 1;
        }

        void i32(int v) {
            room(4).putInt(v);
            written += 4;
        }

        void i64(long v) {
            room(8).putLong(v);
            written += 8;
        }

        void f32(float v) {
            room(4).putFloat(v);
            written += 4;
        }

        void string(String s) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            i64(utf8.length);
            for (byte b : utf8) {
                u8(b);
            }
        }

        void zeros(int n) {
            for (int i = 0; i < n; i++) {
                u8(0);
            }
        }

        private ByteBuffer room(int n) {
            if (buffer.remaining() < n) {
                flush();
            }
            return buffer;
        }

        void flush() {
            try {
                stream.write(buffer.array(), 0, buffer.position());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            buffer.clear();
        }
    }
}
