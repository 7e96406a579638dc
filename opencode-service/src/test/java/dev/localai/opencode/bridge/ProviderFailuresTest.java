package dev.localai.opencode.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import dev.localai.opencode.Await;
import dev.localai.opencode.Chat;
import dev.localai.opencode.InjectFake;
import dev.localai.opencode.OpencodeProbe;
import dev.localai.opencode.OpencodeWithFakeProvider;
import dev.localai.opencode.supervisor.OpencodeSupervisor;
import dev.localai.standins.upstream.Behaviour;
import dev.localai.standins.upstream.FakeUpstream;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The provider behind OpenCode failing: the client gets a clear OpenAI error at once, not after OpenCode's
 * minute of retries; the bridge's own timeout and a client that leaves abort the session, so the provider sees
 * its request cancelled; every session is deleted afterwards.
 */
@QuarkusTest
@QuarkusTestResource(OpencodeWithFakeProvider.class)
class ProviderFailuresTest {

    /** Far below OpenCode's own minute or more of retries, far above a normal answer. */
    private static final Duration PROMPTLY = Duration.ofSeconds(20);

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

    @AfterEach
    void everySessionIsDeleted() {
        fake.reset();
        Await.until("OpenCode to keep no session but the idle ones", Duration.ofSeconds(20),
                () -> OpencodeProbe.leftOver(supervisor, bridge).isEmpty());
    }

    @Test
    void aProviderThatRefusesConnectionsIsA502Promptly() {
        fake.behave(Behaviour.refuse());
        long start = System.nanoTime();
        HttpResponse<String> response = Chat.post(base, Chat.streamed(Chat.request("glm-4.7", "user", "hi"), false));

        assertPrompt(start);
        assertEquals(502, response.statusCode(), response.body());
        JsonNode error = Chat.json(response.body()).path("error");
        assertEquals("provider_error", error.path("code").asText(), response.body());
        assertTrue(error.path("message").asText().contains("provider"), response.body());
    }

    @Test
    void aProviderThatRefusesTheCredentialsIsA502NamingItsAnswer() {
        fake.behave(Behaviour.status(401));
        long start = System.nanoTime();
        HttpResponse<String> response = Chat.post(base, Chat.request("glm-4.7", "user", "hi"));

        assertPrompt(start);
        assertEquals(502, response.statusCode(), response.body());
        String message = Chat.json(response.body()).at("/error/message").asText();
        assertTrue(message.contains("401") && message.contains("Incorrect API key"), message);
    }

    @Test
    void aProviderServerErrorIsA502Promptly() {
        fake.behave(Behaviour.status(500));
        long start = System.nanoTime();
        HttpResponse<String> response = Chat.post(base, Chat.request("claude-sonnet-4.5", "user", "hi"));

        assertPrompt(start);
        assertEquals(502, response.statusCode(), response.body());
        assertEquals("upstream_error", Chat.json(response.body()).at("/error/type").asText());
    }

    @Test
    void aRateLimitingProviderIsA429WithRetryAfter() {
        fake.behave(Behaviour.rateLimited(Duration.ofSeconds(7)));
        long start = System.nanoTime();
        HttpResponse<String> response = Chat.post(base, Chat.request("glm-4.7", "user", "hi"));

        assertPrompt(start);
        assertEquals(429, response.statusCode(), response.body());
        assertEquals("rate_limit_exceeded", Chat.json(response.body()).at("/error/code").asText());
        long retryAfter = Long.parseLong(response.headers().firstValue("Retry-After").orElse("0"));
        assertTrue(retryAfter >= 1 && retryAfter <= 8, "Retry-After " + retryAfter + " (the provider said 7 s)");
    }

    @Test
    void noFirstTokenWithinTheModelsTimeoutIsA504AndTheProviderCallIsCancelled() {
        fake.behave(Behaviour.hangAfterHeaders());
        HttpResponse<String> response = Chat.post(base,
                Chat.streamed(Chat.request("impatient-model", "user", "hi"), false));

        assertEquals(504, response.statusCode(), response.body());
        assertEquals("timeout", Chat.json(response.body()).at("/error/code").asText());
        assertTrue(Chat.json(response.body()).at("/error/message").asText().contains("within 3 s"), response.body());
        assertTrue(fake.awaitCancelled(1, PROMPTLY), "the session was aborted, and with it the provider call");
    }

    @Test
    void aClientThatLeavesAbortsTheSessionAndTheProviderSeesItsRequestCancelled() throws Exception {
        fake.behave(Behaviour.hangAfterHeaders());
        byte[] body = Chat.streamed(Chat.request("glm-4.7", "user", "hi"), false).toString()
                .getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            assertTrue(fake.awaitRequests(1, PROMPTLY), "OpenCode called the provider");
        }
        assertTrue(fake.awaitCancelled(1, PROMPTLY), "the provider saw its request cancelled");
    }

    @Test
    void aStreamThatBreaksAfterTheFirstTokenEndsWithAnErrorEventAndDone() {
        fake.answer("one two three four five six").behave(Behaviour.dropMidStream(2).chunkDelay(Duration.ofMillis(300)));
        HttpResponse<String> response = Chat.post(base, Chat.streamed(Chat.request("glm-4.7", "user", "hi"), false));

        assertEquals(200, response.statusCode(), response.body());
        List<String> events = Chat.events(response.body());
        assertEquals("[DONE]", events.get(events.size() - 1), response.body());
        JsonNode error = Chat.json(events.get(events.size() - 2));
        assertEquals("provider_error", error.at("/error/code").asText(), response.body());
        assertTrue(Chat.joined(response.body(), "content").startsWith("one "), response.body());
    }

    @Test
    void theBridgeServesAgainOnceTheProviderIsBack() {
        fake.behave(Behaviour.refuse());
        assertEquals(502, Chat.post(base, Chat.request("glm-4.7", "user", "hi")).statusCode());
        fake.reset();
        HttpResponse<String> response = Chat.post(base, Chat.request("glm-4.7", "user", "hi"));
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(FakeUpstream.DEFAULT_ANSWER, Chat.json(response.body()).at("/choices/0/message/content").asText());
    }

    private static void assertPrompt(long start) {
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(took.compareTo(PROMPTLY) < 0, "answered in " + took.toMillis() + " ms");
    }
}
