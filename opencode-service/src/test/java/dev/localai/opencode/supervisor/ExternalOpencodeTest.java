package dev.localai.opencode.supervisor;

import dev.localai.opencode.Await;
import dev.localai.opencode.OpencodeWithFakeProvider;
import dev.localai.opencode.TestConfigs;
import dev.localai.opencode.config.BridgeConfig;
import dev.localai.opencode.config.ServedModels;
import dev.localai.opencode.server.OpencodeApi;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code opencode.url}: a supervisor that connects to an OpenCode someone else runs (here, the one the service's
 * own supervisor started) starts nothing, becomes READY on that server, and leaves it running when it stops.
 */
@QuarkusTest
@QuarkusTestResource(OpencodeWithFakeProvider.class)
class ExternalOpencodeTest {

    @Inject
    OpencodeSupervisor running;

    @Inject
    Vertx vertx;

    @BeforeEach
    void ready() {
        Await.ready();
    }

    @Test
    void aSupervisorGivenAUrlUsesThatOpencodeAndStartsNone() {
        OpencodeSupervisor external = supervisor(running.password());
        try {
            external.start();
            Await.until("the external OpenCode to be READY", Duration.ofSeconds(30),
                    () -> external.status().state() == OpencodeState.READY);
            assertEquals(-1, external.pid(), "no process of its own");
            assertEquals(running.status().url(), external.status().url());
            assertTrue(external.connection().models().contains("fake/fake-model"));
        } finally {
            external.stop();
        }
        assertEquals(OpencodeState.READY, running.status().state(), "the other OpenCode keeps running");
        assertTrue(running.pid() > 0);
    }

    @Test
    void aWrongPasswordKeepsItFromBeingReadyAndSaysWhy() {
        OpencodeSupervisor external = supervisor("not-the-password");
        try {
            external.start();
            Await.until("a failed attempt", Duration.ofSeconds(30),
                    () -> external.status().state() == OpencodeState.RESTARTING);
            assertTrue(external.status().lastError().contains("401"), external.status().lastError());
        } finally {
            external.stop();
        }
    }

    private OpencodeSupervisor supervisor(String password) {
        BridgeConfig config = TestConfigs.bridge(Map.of(
                "opencode.url", running.status().url(),
                "opencode.password", password,
                "opencode.start-timeout", "10s",
                "opencode.models.glm.name", "glm-4.7",
                "opencode.models.glm.target", "fake/fake-model"));
        return new OpencodeSupervisor(config, new ServedModels(config), vertx, new OpencodeApi(vertx, Duration.ofSeconds(10)));
    }
}
