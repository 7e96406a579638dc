package dev.localai.router.backend;

import com.fasterxml.jackson.databind.JsonNode;
import dev.localai.standins.anthropic.AnthropicStub;
import dev.localai.standins.anthropic.StubFailure;
import dev.localai.testsupport.postgres.PostgresResource;
import dev.localai.standins.upstream.RecordedRequest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The router calls Claude through the Messages API and answers in OpenAI's shapes. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(value = AnthropicBackendResource.class, restrictToAnnotatedClass = true)
class AnthropicBackendTest {

    static final String CLAUDE = "claude/claude-sonnet-4-5";

    @BeforeEach
    void reset() {
        AnthropicBackendResource.CLAUDE.reset();
        AnthropicBackendResource.CLAUDE.apiKey(AnthropicStub.DEFAULT_API_KEY);
        AnthropicBackendResource.LOCAL.reset();
        AnthropicBackendResource.LOCAL.answer("local answer");
    }

    static String chat(String model, boolean stream) {
        return "{\"model\":\"" + model + "\",\"stream\":" + stream
                + (stream ? ",\"stream_options\":{\"include_usage\":true}" : "")
                + ",\"max_tokens\":200,\"stop\":[\"NEVER\"],\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},"
                + "{\"role\":\"user\",\"content\":\"Hello Claude\"}]}";
    }

    @Test
    void translatesAChatToTheMessagesApiAndTheAnswerBack() {
        given().contentType("application/json").body(chat(CLAUDE, false)).post("/v1/chat/completions")
                .then().statusCode(200).header("X-Router-Backend", "claude")
                .body("object", equalTo("chat.completion"))
                .body("choices[0].message.role", equalTo("assistant"))
                .body("choices[0].message.content", equalTo(AnthropicStub.DEFAULT_ANSWER))
                .body("choices[0].finish_reason", equalTo("stop"))
                .body("usage.prompt_tokens", greaterThan(0))
                .body("usage.completion_tokens", greaterThan(0));
        RecordedRequest sent = AnthropicBackendResource.CLAUDE.lastRequest();
        assertEquals("/v1/messages", sent.path());
        assertEquals(AnthropicStub.DEFAULT_API_KEY, sent.header("x-api-key"));
        assertEquals("2023-06-01", sent.header("anthropic-version"));
        JsonNode body = sent.json();
        assertEquals("claude-sonnet-4-5", body.get("model").asText());
        assertEquals("Be brief.", body.get("system").asText());
        assertEquals(200, body.get("max_tokens").asInt());
        assertEquals("NEVER", body.get("stop_sequences").get(0).asText());
        assertEquals("user", body.get("messages").get(0).get("role").asText());
    }

    @Test
    void streamsClaudesEventsAsOpenAiChunksEndingWithDone() {
        Response response = given().contentType("application/json").body(chat(CLAUDE, true))
                .post("/v1/chat/completions");
        response.then().statusCode(200).header("X-Router-Backend", "claude");
        String body = response.asString();
        assertTrue(body.endsWith("data: [DONE]\n\n"), body);
        List<JsonPath> chunks = Arrays.stream(body.split("\n\n")).filter(e -> e.startsWith("data: {"))
                .map(e -> JsonPath.from(e.substring(6))).toList();
        String text = chunks.stream().map(c -> c.getString("choices[0].delta.content")).filter(t -> t != null)
                .collect(Collectors.joining());
        assertEquals(AnthropicStub.DEFAULT_ANSWER, text);
        assertTrue(chunks.stream().allMatch(c -> "chat.completion.chunk".equals(c.getString("object"))));
        assertTrue(chunks.stream().anyMatch(c -> "stop".equals(c.getString("choices[0].finish_reason"))));
        assertTrue(chunks.get(chunks.size() - 1).getInt("usage.completion_tokens") > 0, "the last chunk has usage");
    }

    @Test
    void overloadedOrRateLimitedClaudeHandsTheRequestToTheNextBackend() {
        for (StubFailure failure : List.of(StubFailure.OVERLOADED, StubFailure.RATE_LIMITED)) {
            AnthropicBackendResource.CLAUDE.failNext(failure);
            given().contentType("application/json").body(chat("auto", false)).post("/v1/chat/completions")
                    .then().statusCode(200).header("X-Router-Backend", "local")
                    .body("choices[0].message.content", equalTo("local answer"));
        }
    }

    @Test
    void anErrorEventInClaudesStreamEndsTheClientsStreamCleanly() {
        AnthropicBackendResource.CLAUDE.failNext(StubFailure.OVERLOADED_MID_STREAM);
        String body = given().contentType("application/json").body(chat(CLAUDE, true))
                .post("/v1/chat/completions").then().statusCode(200).extract().asString();
        assertTrue(body.contains("\"code\":\"backend_stream_error\""), body);
        assertTrue(body.endsWith("data: [DONE]\n\n"), body);
    }

    @Test
    void aRejectedKeyIsA502ThatNeverShowsTheKey() {
        AnthropicBackendResource.CLAUDE.apiKey("sk-ant-api03-another-key");
        String body = given().contentType("application/json").body(chat(CLAUDE, false)).post("/v1/chat/completions")
                .then().statusCode(502).extract().asString();
        assertFalse(body.contains(AnthropicStub.DEFAULT_API_KEY), body);
        assertTrue(body.contains("credentials"), body);
    }
}
