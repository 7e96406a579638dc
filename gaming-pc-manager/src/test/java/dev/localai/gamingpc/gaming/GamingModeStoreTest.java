package dev.localai.gamingpc.gaming;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class GamingModeStoreTest {

    @TempDir
    Path dir;

    @Test
    void gamingModeSurvivesARestart() {
        Path file = dir.resolve("state/gaming-mode.json");
        GamingModeState on = new GamingModeState(true, Instant.parse("2026-11-23T20:15:00Z"), GamingModeState.DETECTED);
        new GamingModeStore(file).save(on);

        GamingModeState afterRestart = new GamingModeStore(file).load();

        assertEquals(on, afterRestart);
    }

    @Test
    void noFileMeansGamingModeOff() {
        assertFalse(new GamingModeStore(dir.resolve("absent.json")).load().enabled());
    }

    @Test
    void anUnreadableFileMeansGamingModeOff() throws Exception {
        Path file = Files.writeString(dir.resolve("broken.json"), "{not json");
        assertFalse(new GamingModeStore(file).load().enabled());
    }

    @Test
    void turningItOffIsKeptToo() {
        Path file = dir.resolve("gaming-mode.json");
        GamingModeStore store = new GamingModeStore(file);
        store.save(new GamingModeState(true, Instant.now(), GamingModeState.MANUAL));
        store.save(new GamingModeState(false, Instant.now(), GamingModeState.MANUAL));
        assertFalse(new GamingModeStore(file).load().enabled());
    }
}
