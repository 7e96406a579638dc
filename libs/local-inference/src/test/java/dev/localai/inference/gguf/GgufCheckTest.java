package dev.localai.inference.gguf;

import dev.localai.inference.TestModels;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GgufCheckTest {

    @Test
    void acceptsTheGeneratedModel() {
        assertEquals(java.util.Optional.empty(), GgufCheck.problem(TestModels.tiny()));
    }

    @Test
    void saysFileNotFound() {
        String reason = GgufCheck.problem(TestModels.dir().resolve("absent.gguf")).orElseThrow();
        assertTrue(reason.startsWith("file not found"), reason);
    }

    @Test
    void saysNotAGgufFile() throws IOException {
        Path file = Files.writeString(TestModels.dir().resolve("text.gguf"), "this is not a model, just some text");
        String reason = GgufCheck.problem(file).orElseThrow();
        assertTrue(reason.startsWith("not a GGUF file"), reason);
    }

    @Test
    void saysTruncatedWhenTheTensorsAreCutOff() throws IOException {
        byte[] whole = Files.readAllBytes(TestModels.tiny());
        Path file = Files.write(TestModels.dir().resolve("cut.gguf"), Arrays.copyOf(whole, whole.length - 1000));
        String reason = GgufCheck.problem(file).orElseThrow();
        assertTrue(reason.startsWith("truncated GGUF file"), reason);
    }

    @Test
    void saysTruncatedWhenTheHeaderIsCutOff() throws IOException {
        byte[] whole = Files.readAllBytes(TestModels.tiny());
        Path file = Files.write(TestModels.dir().resolve("cut-header.gguf"), Arrays.copyOf(whole, 300));
        String reason = GgufCheck.problem(file).orElseThrow();
        assertTrue(reason.startsWith("truncated GGUF file"), reason);
    }

    @Test
    void readsTheBosFlag() {
        assertTrue(GgufCheck.addsBos(TestModels.tiny()));
    }
}
