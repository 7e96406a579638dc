package dev.localai.testsupport.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FakeUpstreamTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static FakeUpstream fake;

    @BeforeAll
    static void start() {
        fake = FakeUpstream.start();
    }

    @AfterAll
    static void stop() {
        fake.close();
    }

    @BeforeEach
    void reset() {
        fake.reset();
        fake.answer("one two three four");
    }

    private static String chat(boolean stream, boolean usage) {
        return "{\"model\":\"m1\",\"stream\":" + stream + (usage ? ",\"stream_options\":{\"include_usage\":true}" : "")
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"hello there\"}]}";
    }

    private static HttpResponse<String> post(String body, Duration timeout) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/v1/chat/completions"))
                .timeout(timeout).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> events(String body) {
        List<String> out = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (line.startsWith("data: ")) {
                out.add(line.substring(6));
            }
        }
        return out;
    }

    private static String joined(List<String> events) throws IOException {
        StringBuilder text = new StringBuilder();
        for (String event : events) {
            if (!event.equals("[DONE]")) {
                text.append(JSON.readTree(event).path("choices").path(0).path("delta").path("content").asText(""));
            }
        }
        return text.toString();
    }

    @Test
    void answersAChatCompletionWithConsistentUsage() throws Exception {
        HttpResponse<String> response = post(chat(false, false), Duration.ofSeconds(5));
        assertEquals(200, response.statusCode());
        JsonNode body = JSON.readTree(response.body());
        assertEquals("chat.completion", body.get("object").asText());
        assertEquals("m1", body.get("model").asText());
        assertEquals("one two three four", body.at("/choices/0/message/content").asText());
        assertEquals(2, body.at("/usage/prompt_tokens").asInt());
        assertEquals(4, body.at("/usage/completion_tokens").asInt());
        assertEquals(6, body.at("/usage/total_tokens").asInt());
        assertEquals("m1", fake.requests().get(0).json().get("model").asText());
    }

    @Test
    void streamsTheAnswerInTheConfiguredNumberOfChunksThenUsageThenDone() throws Exception {
        fake.behave(Behaviour.normal().chunks(3));
        HttpResponse<String> response = post(chat(true, true), Duration.ofSeconds(5));
        assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("text/event-stream"));
        List<String> events = events(response.body());
        assertEquals(3 + 1 + 1 + 1, events.size(), events.toString());     // content, finish, usage, [DONE]
        assertEquals("[DONE]", events.get(events.size() - 1));
        assertEquals("one two three four", joined(events));
        JsonNode usage = JSON.readTree(events.get(events.size() - 2));
        assertEquals(0, usage.get("choices").size());
        assertEquals(6, usage.at("/usage/total_tokens").asInt());
        assertEquals("assistant", JSON.readTree(events.get(0)).at("/choices/0/delta/role").asText());
    }

    @Test
    void sendsUsageOnlyWhenAskedAndOneChunkPerWordByDefault() throws Exception {
        List<String> events = events(post(chat(true, false), Duration.ofSeconds(5)).body());
        assertEquals(4 + 1 + 1, events.size(), events.toString());
        assertFalse(events.stream().anyMatch(e -> e.contains("\"usage\"")));
    }

    @Test
    void honoursHeaderAndFirstChunkDelays() throws Exception {
        fake.behave(Behaviour.normal().headerDelay(Duration.ofMillis(300)).firstChunkDelay(Duration.ofMillis(300)));
        long start = System.nanoTime();
        post(chat(true, false), Duration.ofSeconds(5));
        assertTrue(System.nanoTime() - start >= Duration.ofMillis(600).toNanos());
    }

    @Test
    void refusesConnectionsUntilResetThenListensOnTheSamePort() throws Exception {
        int port = fake.port();
        fake.behave(Behaviour.refuse());
        HttpClient fresh = HttpClient.newHttpClient();       // no pooled connection from earlier tests
        assertThrows(ConnectException.class, () -> fresh.send(HttpRequest.newBuilder(
                URI.create(fake.baseUrl() + "/v1/models")).build(), HttpResponse.BodyHandlers.discarding()));
        fake.reset();
        assertEquals(port, fake.port());
        assertEquals(200, post(chat(false, false), Duration.ofSeconds(5)).statusCode());
    }

    @Test
    void hangsUntilTheClientGivesUpAndCountsTheCancellation() throws Exception {
        fake.behave(Behaviour.hang());
        assertThrows(HttpTimeoutException.class, () -> post(chat(false, false), Duration.ofMillis(500)));
        assertTrue(fake.awaitCancelled(1, Duration.ofSeconds(5)));
    }

    @Test
    void failsWithStatusesAndRetryAfterInOpenAisErrorShape() throws Exception {
        fake.behave(Behaviour.status(500));
        HttpResponse<String> failed = post(chat(false, false), Duration.ofSeconds(5));
        assertEquals(500, failed.statusCode());
        assertEquals("server_error", JSON.readTree(failed.body()).at("/error/type").asText());

        fake.behave(Behaviour.rateLimited(Duration.ofSeconds(9)));
        HttpResponse<String> limited = post(chat(true, false), Duration.ofSeconds(5));
        assertEquals(429, limited.statusCode());
        assertEquals("9", limited.headers().firstValue("retry-after").orElse(null));
        assertEquals("rate_limit_exceeded", JSON.readTree(limited.body()).at("/error/code").asText());
    }

    @Test
    void dropsTheConnectionMidStreamWithoutDone() throws Exception {
        fake.behave(Behaviour.dropMidStream(2));
        byte[] body = chat(true, false).getBytes(StandardCharsets.UTF_8);
        String raw;
        try (Socket socket = new Socket("127.0.0.1", fake.port())) {
            socket.setSoTimeout(5_000);     // raw socket: the JDK client may wait forever on a half-sent chunked body
            socket.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Length: "
                    + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(body);
            raw = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);   // until the drop
        }
        assertTrue(raw.startsWith("HTTP/1.1 200"), raw);
        assertEquals(2, events(raw).size(), raw);
        assertFalse(raw.contains("[DONE]"));
        assertFalse(raw.endsWith("0\r\n\r\n"), "the chunked body must not be terminated");
    }

    @Test
    void sendsMalformedEventsBeforeDone() throws Exception {
        fake.behave(Behaviour.malformedSse());
        String body = post(chat(true, false), Duration.ofSeconds(5)).body();
        assertTrue(body.contains("data: {not json\n\n"));
        assertTrue(body.contains("this line has no field name"));
        assertTrue(body.endsWith("data: [DONE]\n\n"));
    }

    @Test
    void behaveOnceShapesOnlyTheNextRequest() throws Exception {
        fake.behaveOnce(Behaviour.status(503)).behaveOnce(Behaviour.status(502));
        assertEquals(503, post(chat(false, false), Duration.ofSeconds(5)).statusCode());
        assertEquals(502, post(chat(false, false), Duration.ofSeconds(5)).statusCode());
        assertEquals(200, post(chat(false, false), Duration.ofSeconds(5)).statusCode());
        assertEquals(3, fake.requestCount());
    }

    @Test
    void countsAClientThatLeavesMidStreamAsCancelled() throws Exception {
        fake.behave(Behaviour.trickle(Duration.ofMillis(100)));
        HttpResponse<InputStream> response = HTTP.send(HttpRequest.newBuilder(
                URI.create(fake.baseUrl() + "/v1/chat/completions")).timeout(Duration.ofSeconds(5))
                .POST(HttpRequest.BodyPublishers.ofString(chat(true, false))).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = response.body()) {
            assertTrue(in.read(new byte[16]) > 0);
        }
        assertTrue(fake.awaitCancelled(1, Duration.ofSeconds(5)), "cancellation not counted");
    }

    @Test
    void listsModelsAnswersHealthAndRefusesUnknownPathsAndBadJson() throws Exception {
        fake.models("a", "b");
        HttpResponse<String> models = HTTP.send(HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/v1/models"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(List.of("a", "b"), streamIds(JSON.readTree(models.body())));
        assertEquals(200, HTTP.send(HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/health")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode());
        HttpResponse<String> unknown = HTTP.send(HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/v2/x")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(404, unknown.statusCode());
        assertEquals("unknown_url", JSON.readTree(unknown.body()).at("/error/code").asText());
        assertEquals(400, post("{nope", Duration.ofSeconds(5)).statusCode());
    }

    private static List<String> streamIds(JsonNode list) {
        List<String> ids = new ArrayList<>();
        list.get("data").forEach(m -> ids.add(m.get("id").asText()));
        return ids.stream().collect(Collectors.toList());
    }
}
