package dev.localai.router.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.localai.testsupport.postgres.PostgresResource;
import dev.localai.testsupport.quarkus.FakeUpstreamResource;
import dev.localai.testsupport.quarkus.InjectFakeUpstream;
import dev.localai.standins.upstream.Behaviour;
import dev.localai.standins.upstream.FakeUpstream;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(value = FakeUpstreamResource.class, restrictToAnnotatedClass = true)
class ChatCompletionsTest {

    static final String ANSWER = "The quick brown fox jumps over the lazy dog";
    private static final ObjectMapper JSON = new ObjectMapper();

    @InjectFakeUpstream
    FakeUpstream fake;

    @TestHTTPResource("/v1/chat/completions")
    URI chatUrl;

    @BeforeEach
    void resetFake() {
        fake.reset();
        fake.answer(ANSWER);
    }

    static String chat(String model, boolean stream) {
        return "{\"model\":\"" + model + "\",\"stream\":" + stream
                + (stream ? ",\"stream_options\":{\"include_usage\":true}" : "")
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"Say something\"}],"
                + "\"temperature\":0.2,\"keep_alive\":\"5m\",\"options\":{\"num_ctx\":4096},"
                + "\"metadata\":{\"chat_id\":\"c1\",\"task_body\":{\"stream\":false}}}";
    }

    @Test
    void forwardsANonStreamingChatAndReturnsTheBackendsAnswer() throws Exception {
        given().contentType("application/json").body(chat("auto", false))
                .post("/v1/chat/completions")
                .then().statusCode(200)
                .header("X-Router-Backend", "fake")
                .header("X-Router-Model", "fake-model")
                .header("X-Router-Reason", org.hamcrest.Matchers.startsWith("rule otherwise ("))
                .body("object", equalTo("chat.completion"))
                .body("choices[0].message.content", equalTo(ANSWER))
                .body("usage.completion_tokens", greaterThan(0));

        JsonNode sent = fake.requests().get(0).json();
        assertEquals("fake-model", sent.get("model").asText(), "the backend gets its own model id");
        assertEquals("5m", sent.get("keep_alive").asText(), "unknown fields are forwarded unchanged");
        assertEquals(4096, sent.get("options").get("num_ctx").asInt());
        assertEquals(0.2, sent.get("temperature").asDouble());
        assertEquals("/v1/chat/completions", fake.requests().get(0).path());
    }

    @Test
    void streamsChunksAsTheyArriveWithoutBuffering() throws Exception {
        fake.behave(Behaviour.normal().chunks(5).chunkDelay(Duration.ofMillis(300)));
        SseTestClient.Result result = SseTestClient.post(chatUrl, chat("fake/fake-model", true));

        assertEquals(200, result.status());
        assertTrue(result.header("content-type").startsWith("text/event-stream"), result.header("content-type"));
        assertEquals("no", result.header("x-accel-buffering"));
        assertEquals("fake", result.header("x-router-backend"));
        List<String> data = result.data();
        assertEquals("[DONE]", data.get(data.size() - 1));

        List<JsonNode> chunks = data.subList(0, data.size() - 1).stream().map(ChatCompletionsTest::parse).toList();
        String joined = chunks.stream().map(c -> c.path("choices").path(0).path("delta").path("content").asText(""))
                .collect(Collectors.joining());
        assertEquals(ANSWER, joined);
        JsonNode usage = chunks.get(chunks.size() - 1).get("usage");
        assertTrue(usage != null && usage.get("total_tokens").asInt() > 0, "the last chunk carries usage");

        long firstToLast = result.events().get(data.size() - 2).arrivedNanos() - result.events().get(0).arrivedNanos();
        assertTrue(firstToLast >= Duration.ofMillis(900).toNanos(),
                "chunks 300 ms apart at the backend arrived within " + firstToLast / 1_000_000 + " ms: buffered");
    }

    @Test
    void aClientThatDisconnectsCancelsTheBackendRequest() throws Exception {
        fake.behave(Behaviour.normal().chunks(40).chunkDelay(Duration.ofMillis(200)));
        byte[] body = chat("auto", true).getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket(chatUrl.getHost(), chatUrl.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            String seen = "";
            byte[] buffer = new byte[4096];
            while (!seen.contains("data: ")) {
                int n = in.read(buffer);
                assertTrue(n > 0, "stream ended before the first event");
                seen += new String(buffer, 0, n, StandardCharsets.UTF_8);
            }
        }
        assertTrue(fake.awaitCancelled(1, Duration.ofSeconds(5)), "the backend request was not cancelled");
    }

    @Test
    void aClientThatGivesUpOnANonStreamingAnswerCancelsTheBackendRequest() throws Exception {
        fake.behave(Behaviour.normal().headerDelay(Duration.ofMillis(2_000)));
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(chatUrl)
                .timeout(Duration.ofMillis(300)).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(chat("auto", false))).build();
        org.junit.jupiter.api.Assertions.assertThrows(java.net.http.HttpTimeoutException.class,
                () -> client.send(request, java.net.http.HttpResponse.BodyHandlers.ofString()));
        assertTrue(fake.awaitCancelled(1, Duration.ofSeconds(5)), "the backend request was not cancelled");
    }

    @Test
    void listsAutoTheAliasesAndEveryBackendModel() {
        given().get("/v1/models").then().statusCode(200)
                .body("object", equalTo("list"))
                .body("data.id", equalTo(List.of("auto", "local", "fake/fake-model", "down/down-model")))
                .body("data.owned_by", equalTo(List.of("router", "router", "fake", "down")));
    }

    @Test
    void countsChatRequestsInPrometheusMetrics() {
        given().contentType("application/json").body(chat("auto", false)).post("/v1/chat/completions")
                .then().statusCode(200);
        given().accept("text/plain").get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.matchesPattern(
                        "(?s).*http_server_requests_seconds_count\\{[^}]*uri=\"/v1/chat/completions\"[^}]*} .*"))
                .body(org.hamcrest.Matchers.containsString("http_server_requests_seconds_bucket{"));
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }
}
