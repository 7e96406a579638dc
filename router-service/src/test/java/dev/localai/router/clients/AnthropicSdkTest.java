package dev.localai.router.clients;

import dev.localai.testsupport.node.NodeClients;
import dev.localai.testsupport.postgres.PostgresResource;
import dev.localai.testsupport.quarkus.FakeUpstreamResource;
import dev.localai.testsupport.quarkus.InjectFakeUpstream;
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

/** The official {@code @anthropic-ai/sdk} npm package against the router's {@code POST /v1/messages}. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(value = FakeUpstreamResource.class, restrictToAnnotatedClass = true)
class AnthropicSdkTest {

    static final String ANSWER = "Claude clients reach local models through the router";

    @InjectFakeUpstream
    FakeUpstream fake;

    @TestHTTPResource("/")
    URI router;

    @Test
    void theOfficialAnthropicClientSendsAMessageStreamsOneAndSeesAnError() throws Exception {
        fake.reset();
        fake.answer(ANSWER);
        Path dir = NodeClients.prepare(NodeClients.sources(), Path.of("target/node-client"));
        NodeClients.Result result = NodeClients.test(dir, "test/anthropic-sdk.test.mjs",
                Map.of("ROUTER_BASE", router.toString().replaceAll("/$", ""), "EXPECTED_ANSWER", ANSWER),
                Duration.ofMinutes(2));
        System.out.println(result.output());
        assertEquals(0, result.exitCode(), "node --test failed:\n" + result.output());
        assertTrue(result.output().matches("(?s).*\\bpass 3\\b.*"), "expected 3 passing client tests:\n" + result.output());
    }
}
