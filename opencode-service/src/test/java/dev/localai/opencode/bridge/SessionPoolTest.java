package dev.localai.opencode.bridge;

import dev.localai.opencode.Await;
import dev.localai.opencode.Chat;
import dev.localai.opencode.InjectFake;
import dev.localai.opencode.OpencodeProbe;
import dev.localai.opencode.OpencodeWithFakeProvider;
import dev.localai.opencode.supervisor.OpencodeSupervisor;
import dev.localai.standins.upstream.FakeUpstream;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Empty sessions made ahead of time: a request takes one, a new one is made behind it, and nothing piles up. */
@QuarkusTest
@QuarkusTestResource(OpencodeWithFakeProvider.class)
class SessionPoolTest {

    @InjectFake
    FakeUpstream fake;

    @Inject
    OpencodeSupervisor supervisor;

    @Inject
    Bridge bridge;

    @TestHTTPResource("/")
    URL base;

    @BeforeEach
    void running() {
        Await.ready(fake);
    }

    @Test
    void aRequestTakesASessionMadeAheadOfTimeAndAnotherIsMadeBehindIt() {
        Await.until("two idle sessions", Duration.ofSeconds(20), () -> bridge.idleSessions().size() == 2);
        Set<String> before = new HashSet<>(bridge.idleSessions());

        assertEquals(200, Chat.post(base, Chat.request("glm-4.7", "user", "hi")).statusCode());

        Await.until("two idle sessions again", Duration.ofSeconds(20), () -> bridge.idleSessions().size() == 2
                && OpencodeProbe.leftOver(supervisor, bridge).isEmpty());
        Set<String> kept = OpencodeProbe.sessionIds(supervisor);
        assertTrue(!kept.containsAll(before), "one of " + before + " answered and was deleted; now " + kept);
        assertEquals(2, kept.size(), "only the idle sessions are left: " + kept);
    }
}
