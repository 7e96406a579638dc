package dev.localai.opencode.supervisor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.localai.opencode.Chat;
import dev.localai.opencode.TestConfigs;
import dev.localai.opencode.config.BridgeConfig;
import dev.localai.opencode.config.ServedModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What one start of OpenCode gets: its own folders, the generated config, the user's credentials. */
class LaunchTest {

    @TempDir
    Path data;

    @Test
    void eachStartGetsItsOwnFoldersConfigPluginAndPassword() throws Exception {
        Launch first = Launch.prepare(config(data.resolve("none.json")), models(), 1);
        Launch second = Launch.prepare(config(data.resolve("none.json")), models(), 2);

        assertNotEquals(first.dir, second.dir);
        assertNotEquals(first.password, second.password);
        for (String sub : new String[] {"home/.config", "home/.local/share", "home/.cache", "tmp", "work"}) {
            assertTrue(Files.isDirectory(second.dir.resolve(sub)), sub);
        }
        JsonNode config = Chat.json(Files.readString(second.dir.resolve("opencode.json")));
        assertEquals(second.dir.resolve("bridge-plugin.js").toUri().toString(), config.at("/plugin/0").asText());
        assertTrue(Files.readString(second.dir.resolve("bridge-plugin.js")).contains("experimental.chat.system.transform"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(second.dir.resolve("opencode.json"))));
    }

    @Test
    void theUsersCredentialsAreCopiedPrivatelyAndARefreshedCopyIsCarriedForward() throws Exception {
        Path auth = data.resolve("auth.json");
        Files.writeString(auth, "{\"anthropic\":{\"type\":\"oauth\",\"refresh\":\"r1\"}}");
        Files.setLastModifiedTime(auth, FileTime.from(Instant.now().minusSeconds(60)));
        Path dataDir = data.resolve("bridge");
        Launch first = Launch.prepare(config(auth, dataDir), models(), 1);
        Path copied = first.dir.resolve("home/.local/share/opencode/auth.json");
        assertEquals(Files.readString(auth), Files.readString(copied));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(copied)));

        Files.writeString(copied, "{\"anthropic\":{\"type\":\"oauth\",\"refresh\":\"r2\"}}");   // OpenCode refreshed it
        Launch second = Launch.prepare(config(auth, dataDir), models(), 2);
        assertTrue(Files.readString(second.dir.resolve("home/.local/share/opencode/auth.json")).contains("r2"));

        Files.writeString(auth, "{\"anthropic\":{\"type\":\"oauth\",\"refresh\":\"r3\"}}");    // a new login
        Launch third = Launch.prepare(config(auth, dataDir), models(), 3);
        assertTrue(Files.readString(third.dir.resolve("home/.local/share/opencode/auth.json")).contains("r3"));
        assertFalse(Files.exists(first.dir), "runs before the previous one are removed");
    }

    @Test
    void anOpencodeAnEarlierBridgeLeftRunningIsStopped() throws Exception {
        Path bin = Files.createDirectories(data.resolve("bin"));
        Path fake = bin.resolve("opencode");
        Files.copy(Path.of("/bin/sleep"), fake);                    // a process whose executable is an opencode
        fake.toFile().setExecutable(true);
        Process orphan = new ProcessBuilder(fake.toString(), "600").start();
        try {
            Path dataDir = data.resolve("bridge");
            Launch left = Launch.prepare(config(data.resolve("none.json"), dataDir), models(), 1);
            Files.writeString(left.dir.resolve("opencode.pid"), String.valueOf(orphan.pid()));

            Launch.prepare(config(data.resolve("none.json"), dataDir), models(), 2);

            assertTrue(orphan.waitFor(10, TimeUnit.SECONDS), "the orphan was stopped");
        } finally {
            orphan.destroyForcibly();
        }
    }

    private BridgeConfig config(Path auth) {
        return config(auth, data.resolve("bridge"));
    }

    private static BridgeConfig config(Path auth, Path dataDir) {
        return TestConfigs.bridge(Map.of("opencode.data-dir", dataDir.toString(), "opencode.auth-file", auth.toString(),
                "opencode.models.glm.target", "p/m"));
    }

    private ServedModels models() {
        return new ServedModels(config(data.resolve("none.json")));
    }
}
