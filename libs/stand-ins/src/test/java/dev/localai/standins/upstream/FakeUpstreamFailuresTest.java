package dev.localai.standins.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import dev.localai.standins.server.LoopbackStub;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;

import static dev.localai.standins.upstream.Wire.chat;
import static dev.localai.standins.upstream.Wire.data;
import static dev.localai.standins.upstream.Wire.json;
import static dev.localai.standins.upstream.Wire.openChat;
import static dev.localai.standins.upstream.Wire.readToEnd;
import static dev.localai.standins.upstream.Wire.readUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fake misbehaving as real backends do, and counting the clients that give up. */
class FakeUpstreamFailuresTest extends WithFakeUpstream {

    @Test
    void refusesConnectionsThenListensOnTheSamePortAfterReset() throws Exception {
        int port = fake.port();
        fake.behave(Behaviour.refuse());

        assertThrows(ConnectException.class, () -> LoopbackStub.connectFromAnotherPort(port, Duration.ofSeconds(5)));
        assertThrows(ConnectException.class, () -> wire.get("/health"));
        assertThrows(ConnectException.class, () -> new Wire(FakeUpstream.unusedPortUrl()).get("/health"));

        fake.reset();
        assertEquals(port, fake.port());
        assertEquals(200, new Wire(fake.baseUrl()).post(chat(false, false)).statusCode());
    }

    @Test
    void closesOpenConnectionsWhenRefusingWithoutCountingThemAsCancelled() throws Exception {
        fake.behave(Behaviour.hang());
        try (Socket socket = openChat(fake.port(), chat(true, false))) {
            assertTrue(fake.awaitRequests(1, Duration.ofSeconds(5)));
            fake.behave(Behaviour.refuse());
            assertEquals(-1, socket.getInputStream().read(), "the fake closed the connection");
        }
        assertFalse(fake.awaitCancelled(1, Duration.ofMillis(300)));
    }

    @Test
    void hangsWithoutAStatusLineUntilTheClientGivesUpAndCountsIt() throws Exception {
        fake.behave(Behaviour.hang());

        assertThrows(HttpTimeoutException.class, () -> wire.post(chat(false, false), Duration.ofMillis(300)));
        assertTrue(fake.awaitCancelled(1, Duration.ofSeconds(5)), "the abandoned request was not counted");
        assertEquals(1, fake.requestCount(), "recorded before (not) answering");
    }

    @Test
    void sendsEventStreamHeadersThenNothingWhenHangingAfterHeaders() throws Exception {
        fake.behave(Behaviour.hangAfterHeaders());
        try (Socket socket = openChat(fake.port(), chat(true, false))) {
            String head = readUntil(socket.getInputStream(), "\r\n\r\n");
            assertTrue(head.startsWith("HTTP/1.1 200"), head);
            assertTrue(head.toLowerCase().contains("content-type: text/event-stream"), head);

            socket.setSoTimeout(300);
            assertThrows(SocketTimeoutException.class, () -> socket.getInputStream().read());
        }
        assertTrue(fake.awaitCancelled(1, Duration.ofSeconds(5)));
    }

    @Test
    void failsWithTheGivenStatusAndAnOpenAiErrorBody() throws Exception {
        fake.behave(Behaviour.status(500));
        HttpResponse<String> failed = wire.post(chat(true, false));

        assertEquals(500, failed.statusCode());
        assertTrue(failed.headers().firstValue("content-type").orElse("").startsWith("application/json"));
        JsonNode error = json(failed.body()).get("error");
        assertEquals("server_error", error.get("type").asText());
        assertFalse(error.get("message").asText().isBlank());
        assertTrue(error.get("param").isNull() && error.get("code").isNull());

        String custom = "{\"error\":{\"message\":\"CUDA out of memory\",\"type\":\"server_error\",\"param\":null,"
                + "\"code\":null}}";
        fake.behave(Behaviour.status(503, custom));
        HttpResponse<String> overloaded = wire.post(chat(false, false));
        assertEquals(503, overloaded.statusCode());
        assertEquals(custom, overloaded.body());
    }

    @Test
    void rateLimitsWith429RetryAfterInWholeSecondsAndOpenAisRateLimitBody() throws Exception {
        fake.behave(Behaviour.rateLimited(Duration.ofMillis(1_500)));
        HttpResponse<String> limited = wire.post(chat(true, true));

        assertEquals(429, limited.statusCode());
        assertEquals("2", limited.headers().firstValue("retry-after").orElse(null));
        JsonNode error = json(limited.body()).get("error");
        assertEquals("requests", error.get("type").asText());
        assertEquals("rate_limit_exceeded", error.get("code").asText());
        assertTrue(error.get("message").asText().startsWith("Rate limit reached for m1"), error.toString());
    }

    @Test
    void dropsTheConnectionMidStreamWithoutFinishOrDone() throws Exception {
        fake.behave(Behaviour.dropMidStream(2).chunkDelay(Duration.ofMillis(10)));
        String received;
        try (Socket socket = openChat(fake.port(), chat(true, true))) {
            received = readToEnd(socket.getInputStream());
        }

        assertTrue(received.startsWith("HTTP/1.1 200"), received);
        assertEquals(2, data(received).size(), received);
        assertFalse(received.contains("[DONE]") || received.contains("\"stop\""), received);
        assertFalse(received.endsWith("0\r\n\r\n"), "the chunked body must not be terminated");
        assertThrows(IOException.class, () -> wire.post(chat(true, false)), "a client sees a truncated stream");
        assertEquals(0, fake.cancelledCount(), "the fake's own drop is no cancellation");
    }

    @Test
    void cutsANonStreamingAnswerInHalfAndDropsTheConnection() throws Exception {
        fake.behave(Behaviour.dropMidStream(0));
        String received;
        try (Socket socket = openChat(fake.port(), chat(false, false))) {
            received = readToEnd(socket.getInputStream());
        }

        String body = received.substring(received.indexOf("\r\n\r\n") + 4);
        int promised = Integer.parseInt(received.replaceAll("(?is).*content-length: (\\d+).*", "$1"));
        assertEquals(promised / 2, body.length(), received);
        assertThrows(IOException.class, () -> wire.post(chat(false, false)));
    }

    @Test
    void sendsMalformedEventsAfterTwoGoodChunksThenDone() throws Exception {
        fake.behave(Behaviour.malformedSse());
        String body = wire.post(chat(true, false)).body();

        List<String> events = data(body);
        assertEquals("one ", json(events.get(0)).at("/choices/0/delta/content").asText());
        assertEquals("two ", json(events.get(1)).at("/choices/0/delta/content").asText());
        assertEquals("{not json", events.get(2));
        assertThrows(UncheckedIOException.class, () -> json(events.get(2)));
        assertTrue(body.contains("\n\nthis line has no field name\n\n"), body);
        assertTrue(body.endsWith("data: [DONE]\n\n"), body);

        HttpResponse<String> plain = wire.post(chat(false, false));
        assertEquals(200, plain.statusCode());
        assertThrows(UncheckedIOException.class, () -> json(plain.body()), "a JSON answer is not JSON either");
    }

    @Test
    void countsAClientThatClosesMidStreamAsCancelledButNotOneThatReadsToTheEnd() throws Exception {
        wire.post(chat(true, false));
        wire.post(chat(false, false));
        assertEquals(0, fake.cancelledCount());

        fake.behave(Behaviour.trickle(Duration.ofMillis(50)));
        try (Socket socket = openChat(fake.port(), chat(true, false))) {
            readUntil(socket.getInputStream(), "data: ");
        }
        assertTrue(fake.awaitCancelled(1, Duration.ofSeconds(5)), "cancellation not counted");
        assertEquals(1, fake.cancelledCount());
    }

    @Test
    void countsAClientThatLeavesDuringTheHeaderDelay() throws Exception {
        fake.behave(Behaviour.normal().headerDelay(Duration.ofSeconds(30)));
        try (Socket socket = openChat(fake.port(), chat(false, false))) {
            assertTrue(fake.awaitRequests(1, Duration.ofSeconds(5)));
        }
        assertTrue(fake.awaitCancelled(1, Duration.ofSeconds(5)));
    }

    @Test
    void forgetsTheCancellationOfARequestFromBeforeAReset() throws Exception {
        fake.behave(Behaviour.hang());
        try (Socket socket = openChat(fake.port(), chat(false, false))) {
            assertTrue(fake.awaitRequests(1, Duration.ofSeconds(5)));
            fake.reset();
        }
        assertFalse(fake.awaitCancelled(1, Duration.ofMillis(300)));
    }

    @Test
    void rejectsBehavioursThatMakeNoSense() {
        assertThrows(IllegalArgumentException.class, () -> Behaviour.normal().chunkDelay(Duration.ofMillis(-1)));
        assertThrows(IllegalArgumentException.class, () -> Behaviour.dropMidStream(-1));
        assertThrows(IllegalArgumentException.class, () -> Behaviour.status(42));
        assertThrows(NullPointerException.class, () -> Behaviour.normal().headerDelay(null));
    }
}
