package dev.localai.standins.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.localai.standins.server.OneStubPerClass;
import dev.localai.standins.upstream.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AnthropicStubTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HELLO = """
            {"model": "claude-sonnet-4-20250514", "max_tokens": 1024,
             "messages": [{"role": "user", "content": "Hello, world"}]}""";

    @RegisterExtension
    static final OneStubPerClass<AnthropicStub> ANTHROPIC = new OneStubPerClass<>(AnthropicStub::start, fresh -> {
        fresh.reset();
        fresh.answer("one two three four");
    });

    private final AnthropicStub stub = ANTHROPIC.get();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private HttpResponse<String> post(String body) throws IOException, InterruptedException {
        return post(body, AnthropicStub.DEFAULT_API_KEY, "2023-06-01");
    }

    private HttpResponse<String> post(String body, String key, String version) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stub.baseUrl() + "/v1/messages"))
                .timeout(Duration.ofSeconds(5)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("x-api-key", key);
        }
        if (version != null) {
            request.header("anthropic-version", version);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(String text) throws IOException {
        return JSON.readTree(text);
    }

    @Test
    void answersTheDocumentedMessageObjectWithARequestIdHeader() throws Exception {
        HttpResponse<String> response = post(HELLO);
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("application/json"));
        assertTrue(response.headers().firstValue("request-id").orElse("").startsWith("req_"));
        JsonNode message = json(response.body());
        assertTrue(message.get("id").asText().startsWith("msg_"));
        assertEquals("message", message.get("type").asText());
        assertEquals("assistant", message.get("role").asText());
        assertEquals("claude-sonnet-4-20250514", message.get("model").asText());
        assertEquals("[{\"type\":\"text\",\"text\":\"one two three four\"}]", message.get("content").toString());
        assertEquals("end_turn", message.get("stop_reason").asText());
        assertTrue(message.get("stop_sequence").isNull());
        assertEquals(2, message.at("/usage/input_tokens").asInt(), "words of the prompt");
        assertEquals(4, message.at("/usage/output_tokens").asInt());
        assertEquals(0, message.at("/usage/cache_read_input_tokens").asInt());
    }

    @Test
    void streamsNamedEventsInTheDocumentedOrderAndFraming() throws Exception {
        HttpResponse<String> response = post("""
                {"model": "claude-opus-4-1-20250805", "max_tokens": 256, "stream": true,
                 "messages": [{"role": "user", "content": "Hello"}]}""");
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("text/event-stream"));
        String body = response.body();
        assertTrue(body.startsWith("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{"), body);
        assertTrue(body.endsWith("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"), body);

        List<String> names = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (String frame : body.split("\n\n")) {
            String[] lines = frame.split("\n");
            assertEquals(2, lines.length, frame);
            String name = lines[0].substring("event: ".length());
            JsonNode data = json(lines[1].substring("data: ".length()));
            assertEquals(name, data.get("type").asText(), "the event name equals the data's type");
            names.add(name);
            if ("content_block_delta".equals(name)) {
                text.append(data.at("/delta/text").asText());
            }
            if ("message_start".equals(name)) {
                assertEquals("[]", data.at("/message/content").toString());
                assertTrue(data.at("/message/stop_reason").isNull());
                assertEquals(1, data.at("/message/usage/input_tokens").asInt());
            }
            if ("message_delta".equals(name)) {
                assertEquals("end_turn", data.at("/delta/stop_reason").asText());
                assertTrue(data.at("/delta/stop_sequence").isNull());
                assertEquals(4, data.at("/usage/output_tokens").asInt());
            }
        }
        assertEquals(List.of("message_start", "content_block_start", "ping", "content_block_delta",
                "content_block_delta", "content_block_delta", "content_block_delta", "content_block_stop",
                "message_delta", "message_stop"), names);
        assertEquals("one two three four", text.toString());
    }

    @Test
    void aMissingOrWrongApiKeyIsA401AuthenticationError() throws Exception {
        HttpResponse<String> missing = post(HELLO, null, "2023-06-01");
        assertEquals(401, missing.statusCode());
        JsonNode body = json(missing.body());
        assertEquals("error", body.get("type").asText());
        assertEquals("authentication_error", body.at("/error/type").asText());
        assertEquals("x-api-key header is required", body.at("/error/message").asText());
        assertEquals(missing.headers().firstValue("request-id").orElseThrow(), body.get("request_id").asText());

        HttpResponse<String> wrong = post(HELLO, "sk-ant-wrong", "2023-06-01");
        assertEquals(401, wrong.statusCode());
        assertEquals("invalid x-api-key", json(wrong.body()).at("/error/message").asText());
        assertFalse(wrong.body().contains("sk-ant-wrong"), "the key is never echoed");
    }

    @Test
    void aMissingVersionHeaderOrMaxTokensIsA400InvalidRequestError() throws Exception {
        HttpResponse<String> version = post(HELLO, AnthropicStub.DEFAULT_API_KEY, null);
        assertEquals(400, version.statusCode());
        assertEquals("invalid_request_error", json(version.body()).at("/error/type").asText());
        assertEquals("anthropic-version: header is required", json(version.body()).at("/error/message").asText());

        HttpResponse<String> maxTokens = post("{\"model\":\"claude\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertEquals(400, maxTokens.statusCode());
        assertEquals("max_tokens: Field required", json(maxTokens.body()).at("/error/message").asText());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"model\":\"c\",\"max_tokens\":5,\"stream_options\":{},\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"
                    + "|stream_options: Extra inputs are not permitted",
            "{\"model\":\"c\",\"max_tokens\":5,\"messages\":[{\"role\":\"system\",\"content\":\"be brief\"}]}"
                    + "|messages: Unexpected role \"system\". The Messages API accepts a top-level `system` parameter,"
                    + " not \"system\" as an input message role.",
            "{\"model\":\"c\",\"max_tokens\":0,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"
                    + "|max_tokens: Input should be greater than or equal to 1",
            "not json|The request body is not valid JSON."})
    void whatTheApiWouldRefuseIsRefusedInItsWords(String body, String message) throws Exception {
        HttpResponse<String> response = post(body);
        assertEquals(400, response.statusCode());
        assertEquals(message, json(response.body()).at("/error/message").asText());
    }

    @ParameterizedTest
    @CsvSource({"RATE_LIMITED, 429, rate_limit_error", "OVERLOADED, 529, overloaded_error",
            "API_ERROR, 500, api_error"})
    void failsOnceAsToldThenAnswersAgain(StubFailure failure, int status, String type) throws Exception {
        stub.retryAfter(Duration.ofMillis(1500)).failNext(failure);
        HttpResponse<String> failed = post(HELLO);
        assertEquals(status, failed.statusCode());
        assertEquals(type, json(failed.body()).at("/error/type").asText());
        assertEquals(failure == StubFailure.RATE_LIMITED ? "2" : "none",
                failed.headers().firstValue("retry-after").orElse("none"));
        assertEquals(200, post(HELLO).statusCode());
    }

    @Test
    void failsEveryRequestWhileToldTo() throws Exception {
        stub.failAlways(StubFailure.OVERLOADED);
        assertEquals(529, post(HELLO).statusCode());
        assertEquals(529, post(HELLO).statusCode());
        stub.failAlways(null);
        assertEquals(200, post(HELLO).statusCode());
    }

    @Test
    void anOverloadMidStreamSendsTheDocumentedErrorEventAfterTheFirstDelta() throws Exception {
        stub.failNext(StubFailure.OVERLOADED_MID_STREAM);
        HttpResponse<String> response = post("""
                {"model": "c", "max_tokens": 64, "stream": true, "messages": [{"role": "user", "content": "Hello"}]}""");
        assertEquals(200, response.statusCode());
        String body = response.body();
        assertTrue(body.contains("event: content_block_delta\n"));
        assertTrue(body.endsWith("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
                + "\"message\":\"Overloaded\"}}\n\n"), body);
        assertFalse(body.contains("message_stop"));
    }

    @Test
    void stopSequencesAndMaxTokensCutTheAnswerWithTheMatchingStopReason() throws Exception {
        JsonNode stopped = json(post("""
                {"model": "c", "max_tokens": 100, "stop_sequences": ["three"],
                 "messages": [{"role": "user", "content": "count"}]}""").body());
        assertEquals("one two ", stopped.at("/content/0/text").asText());
        assertEquals("stop_sequence", stopped.get("stop_reason").asText());
        assertEquals("three", stopped.get("stop_sequence").asText());

        JsonNode cut = json(post("""
                {"model": "c", "max_tokens": 2, "messages": [{"role": "user", "content": "count"}]}""").body());
        assertEquals("one two", cut.at("/content/0/text").asText());
        assertEquals("max_tokens", cut.get("stop_reason").asText());
        assertEquals(2, cut.at("/usage/output_tokens").asInt());
    }

    @Test
    void aToolUseAnswerStreamsItsInputAsJsonFragments() throws Exception {
        stub.answer("Okay, let me check.").toolUse("get_weather", "{\"location\":\"San Francisco, CA\"}");
        JsonNode message = json(post(HELLO).body());
        assertEquals("tool_use", message.get("stop_reason").asText());
        assertEquals("tool_use", message.at("/content/1/type").asText());
        assertEquals("get_weather", message.at("/content/1/name").asText());
        assertEquals("San Francisco, CA", message.at("/content/1/input/location").asText());

        String body = post("""
                {"model": "c", "max_tokens": 64, "stream": true, "messages": [{"role": "user", "content": "Hi"}]}""")
                .body();
        StringBuilder partial = new StringBuilder();
        for (String frame : body.split("\n\n")) {
            JsonNode data = json(frame.split("\n")[1].substring("data: ".length()));
            if ("input_json_delta".equals(data.at("/delta/type").asText())) {
                assertEquals(1, data.get("index").asInt());
                partial.append(data.at("/delta/partial_json").asText());
            }
        }
        assertEquals(json("{\"location\":\"San Francisco, CA\"}"), json(partial.toString()));
        assertTrue(body.contains("\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_stub_"));
        assertTrue(body.contains("\"name\":\"get_weather\",\"input\":{}}"));
    }

    @Test
    void cacheReadTokensAreReportedApartFromInputTokens() throws Exception {
        stub.cacheReadTokens(2);
        JsonNode usage = json(post("""
                {"model": "c", "max_tokens": 64, "system": [{"type": "text", "text": "You are a careful bot."}],
                 "messages": [{"role": "user", "content": "Hello there"}]}""").body()).get("usage");
        assertEquals(5 + 2 - 2, usage.get("input_tokens").asInt());
        assertEquals(2, usage.get("cache_read_input_tokens").asInt());
    }

    @Test
    void recordsWhatTheCloudActuallyReceived() throws Exception {
        post(HELLO);
        post(HELLO, null, "2023-06-01");
        assertTrue(stub.awaitRequests(2, Duration.ofSeconds(2)));
        RecordedRequest first = stub.requests().get(0);
        assertEquals("POST", first.method());
        assertEquals("/v1/messages", first.path());
        assertEquals(AnthropicStub.DEFAULT_API_KEY, first.header("X-Api-Key"));
        assertEquals("2023-06-01", first.header("anthropic-version"));
        assertEquals("Hello, world", first.json().at("/messages/0/content").asText());
        assertEquals(null, stub.lastRequest().header("x-api-key"), "refused requests are recorded too");
    }

    @Test
    void otherPathsAreA404NotFoundError() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(stub.baseUrl() + "/v1/complete"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, response.statusCode());
        assertEquals("not_found_error", json(response.body()).at("/error/type").asText());
    }
}
