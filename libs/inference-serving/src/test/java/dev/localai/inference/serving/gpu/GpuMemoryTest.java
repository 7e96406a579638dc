package dev.localai.inference.serving.gpu;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class GpuMemoryTest {

    @Test
    void sumsEveryGpuLine() {
        assertEquals(Optional.of(new GpuMemory.Reading(5200, 32768)), GpuMemory.parse("1200, 8192\n4000, 24576\n"));
    }

    @Test
    void anOutputThatDoesNotParseIsUnknown() {
        assertEquals(Optional.empty(), GpuMemory.parse("NVIDIA-SMI has failed because it couldn't communicate"));
        assertEquals(Optional.empty(), GpuMemory.parse("[N/A], [N/A]"));
    }
}
