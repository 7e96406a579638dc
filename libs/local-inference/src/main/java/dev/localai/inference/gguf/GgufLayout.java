package dev.localai.inference.gguf;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Walks a GGUF header (metadata and tensor descriptors, not the data) to compute how long the file
 * must be, so that a truncated download is reported as such. Tensor types whose size is not known
 * here make the expected length unknown rather than wrong.
 */
final class GgufLayout {

    /** ggml type id → {bytes per block, values per block}. */
    private static final Map<Integer, int[]> BLOCKS = Map.ofEntries(
            Map.entry(0, new int[]{4, 1}), Map.entry(1, new int[]{2, 1}), Map.entry(30, new int[]{2, 1}),
            Map.entry(2, new int[]{18, 32}), Map.entry(3, new int[]{20, 32}), Map.entry(6, new int[]{22, 32}),
            Map.entry(7, new int[]{24, 32}), Map.entry(8, new int[]{34, 32}), Map.entry(9, new int[]{36, 32}),
            Map.entry(10, new int[]{84, 256}), Map.entry(11, new int[]{110, 256}), Map.entry(12, new int[]{144, 256}),
            Map.entry(13, new int[]{176, 256}), Map.entry(14, new int[]{210, 256}), Map.entry(15, new int[]{292, 256}));
    private static final int[] SCALAR_BYTES = {1, 1, 2, 2, 4, 4, 4, 1, -1, -1, 8, 8, 8};

    /** What the header says: the length the file needs (empty: unknown) and whether prompts get a BOS token. */
    record Info(OptionalLong expectedLength, boolean addsBos) {
    }

    private final LittleEndian in;
    private long alignment = GgufWriter.ALIGNMENT;
    private boolean addsBos = true;

    private GgufLayout(InputStream stream) {
        this.in = new LittleEndian(stream);
    }

    /**
     * The byte length the file needs (empty when a tensor type is unknown here) and the BOS flag.
     *
     * @throws EOFException when the header itself is cut short
     */
    static Info read(Path file) throws IOException {
        try (InputStream stream = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            return new GgufLayout(stream).read();
        }
    }

    private Info read() throws IOException {
        in.skip(8);                                      // magic, version
        long tensorCount = in.i64();
        long kvCount = in.i64();
        for (long i = 0; i < kvCount; i++) {
            String key = in.string();
            int type = in.i32();
            if ("general.alignment".equals(key) && type == 4) {
                alignment = Integer.toUnsignedLong(in.i32());
            } else if ("tokenizer.ggml.add_bos_token".equals(key) && type == 7) {
                addsBos = in.u8() != 0;
            } else {
                skipValue(type);
            }
        }
        long dataEnd = 0;
        boolean known = true;
        for (long i = 0; i < tensorCount; i++) {
            in.skip(in.i64());                            // name
            int dims = in.i32();
            long count = 1;
            for (int d = 0; d < dims; d++) {
                count *= in.i64();
            }
            int[] block = BLOCKS.get(in.i32());
            long offset = in.i64();
            if (block == null) {
                known = false;
            } else {
                dataEnd = Math.max(dataEnd, offset + count / block[1] * block[0]);
            }
        }
        long dataStart = (in.position() + alignment - 1) / alignment * alignment;
        return new Info(known ? OptionalLong.of(dataStart + dataEnd) : OptionalLong.empty(), addsBos);
    }

    private void skipValue(int type) throws IOException {
        if (type == 8) {
            in.skip(in.i64());
        } else if (type == 9) {
            int elementType = in.i32();
            long n = in.i64();
            for (long i = 0; i < n; i++) {
                skipValue(elementType);
            }
        } else if (type >= 0 && type < SCALAR_BYTES.length) {
            in.skip(SCALAR_BYTES[type]);
        } else {
            throw new IOException("unknown metadata type " + type);
        }
    }

    /** Little-endian reads that count the position. */
    private static final class LittleEndian {
        private final DataInputStream in;
        private long position;

        LittleEndian(InputStream stream) {
            this.in = new DataInputStream(stream);
        }

        int u8() throws IOException {
            position += 1;
            return in.readUnsignedByte();
        }

        int i32() throws IOException {
            position += 4;
            return Integer.reverseBytes(in.readInt());
        }

        long i64() throws IOException {
            position += 8;
            return Long.reverseBytes(in.readLong());
        }

        String string() throws IOException {
            long n = i64();
            if (n < 0 || n > 1 << 20) {
                throw new IOException("implausible string length " + n);
            }
            byte[] bytes = new byte[(int) n];
            in.readFully(bytes);
            position += n;
            return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        }

        void skip(long n) throws IOException {
            if (n < 0) {
                throw new IOException("negative length");
            }
            long left = n;
            while (left > 0) {
                long skipped = in.skip(left);
                if (skipped <= 0) {
                    if (in.read() < 0) {
                        throw new EOFException();
                    }
                    skipped = 1;
                }
                left -= skipped;
            }
            position += n;
        }

        long position() {
            return position;
        }
    }
}
