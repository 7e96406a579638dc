package dev.localai.inference.gguf;

import dev.localai.inference.TestModels;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TinyLlamaTest {

    @Test
    void sameSeedWritesTheSameBytes() throws IOException {
        Path a = TestModels.dir().resolve("same-a.gguf");
        Path b = TestModels.dir().resolve("same-b.gguf");
        TinyLlama.write(a, 7);
        TinyLlama.write(b, 7);
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
    }

    @Test
    void anotherSeedWritesOtherWeights() throws IOException {
        Path a = TestModels.dir().resolve("seed-1.gguf");
        Path b = TestModels.dir().resolve("seed-2.gguf");
        TinyLlama.write(a, 1);
        TinyLlama.write(b, 2);
        assertEquals(Files.size(a), Files.size(b));
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(a), Files.readAllBytes(b)));
    }

    @Test
    void writesAnAlignedGgufV3FileOfAboutHalfAMegabyte() throws IOException {
        byte[] bytes = Files.readAllBytes(TestModels.tiny());
        assertEquals('G', bytes[0]);
        assertEquals('G', bytes[1]);
        assertEquals('U', bytes[2]);
        assertEquals('F', bytes[3]);
        assertEquals(3, bytes[4]);
        assertEquals(0, bytes.length % 32);
        assertTrue(bytes.length > 400_000 && bytes.length < 500_000, "size " + bytes.length);
    }

    @Test
    void ensureKeepsAnExistingFile() throws IOException {
        Path file = TestModels.dir().resolve("ensure.gguf");
        TinyLlama.write(file, 3);
        long modified = Files.getLastModifiedTime(file).toMillis();
        TinyLlama.ensure(file, 4);
        assertEquals(modified, Files.getLastModifiedTime(file).toMillis());
    }
}
