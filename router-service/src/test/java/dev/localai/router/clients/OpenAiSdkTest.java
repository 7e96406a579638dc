package dev.localai.router.clients;

import dev.localai.testsupport.node.NodeClients;
import dev.localai.testsupport.postgres.PostgresResource;
import dev.localai.testsupport.quarkus.FakeUpstreamResource;
import dev.localai.testsupport.quarkus.InjectFakeUpstream;
import dev.localai.standins.upstream.Behaviour;
import dev.localai.standins.upstream.FakeUpstream;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The official {@code openai} npm package against the running router: what Open WebUI and agents use. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(value = FakeUpstreamResource.class, restrictToAnnotatedClass = true)
class OpenAiSdkTest {

    static final String ANSWER = "Routers route requests to the right backend";

    @InjectFakeUpstream
    FakeUpstream fake;

    @TestHTTPResource("/v1")
    URI routerV1;

    @Test
    void theOfficialOpenAiClientListsModelsChatsStreamsAndSeesErrors() throws Exception {
        fake.reset();
        fake.answer(ANSWER).behave(Behaviour.normal().chunkDelay(Duration.ofMillis(10)));
        Path dir = NodeClients.prepare(NodeClients.sources(), Path.of("target/node-client"));
        NodeClients.Result result = NodeClients.test(dir, "test/openai-sdk.test.mjs",
                Map.of("ROUTER_URL", routerV1.toString(), "EXPECTED_ANSWER", ANSWER), Duration.ofMinutes(2));
        System.out.println(result.output());
        assertEquals(0, result.exitCode(), "node --test failed:\n" + result.output());
        assertTrue(result.output().matches("(?s).*\\bpass 5\\b.*"), "expected 5 passing client tests:\n" + result.output());
    }
}
