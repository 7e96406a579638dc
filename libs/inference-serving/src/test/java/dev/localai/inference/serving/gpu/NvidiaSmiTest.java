package dev.localai.inference.serving.gpu;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class NvidiaSmiTest {

    @Test
    void sumsEveryGpuLine() {
        assertEquals(Optional.of(new NvidiaSmi.Memory(5200, 32768)), NvidiaSmi.parseMemory("1200, 8192\n4000, 24576\n"));
    }

    @Test
    void anOutputThatDoesNotParseIsUnknown() {
        assertEquals(Optional.empty(), NvidiaSmi.parseMemory("NVIDIA-SMI has failed because it couldn't communicate"));
        assertEquals(Optional.empty(), NvidiaSmi.parseMemory("[N/A], [N/A]"));
    }

    @Test
    void listsTheOtherProcessesComputingOnTheGpu() {
        String self = Long.toString(ProcessHandle.current().pid());
        assertEquals(java.util.List.of("/usr/bin/llama-server", "game.exe"), NvidiaSmi.parseProcesses(
                "4242, /usr/bin/llama-server\n" + self + ", java\n77, game.exe\n"));
        assertEquals(java.util.List.of(), NvidiaSmi.parseProcesses(""));
    }
}
