package dev.localai.opencode.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.localai.opencode.Await;
import dev.localai.opencode.Chat;
import dev.localai.opencode.InjectFake;
import dev.localai.opencode.OpencodeWithFakeProvider;
import dev.localai.standins.upstream.FakeUpstream;
import dev.localai.standins.upstream.RecordedRequest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.net.http.HttpResponse;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Answers through the real OpenCode, with the fake as its provider: text, streams, usage, history, reasoning. */
@QuarkusTest
@QuarkusTestResource(OpencodeWithFakeProvider.class)
class ChatCompletionsTest {

    @InjectFake
    FakeUpstream fake;

    @TestHTTPResource("/")
    URL base;

    @BeforeEach
    void freshFakeAndRunningOpenCode() {
        Await.ready(fake);
        fake.models("fake-model");
    }

    @Test
    void aPlainAnswerIsTheProvidersTextWithItsUsage() {
        fake.answer("Paris is the capital of France.");
        HttpResponse<String> response = Chat.post(base, Chat.request("glm-4.7", "user", "What is the capital of France?"));

        assertEquals(200, response.statusCode(), response.body());
        JsonNode body = Chat.json(response.body());
        assertEquals("chat.completion", body.path("object").asText());
        assertEquals("glm-4.7", body.path("model").asText());
        assertEquals("assistant", body.at("/choices/0/message/role").asText());
        assertEquals("Paris is the capital of France.", body.at("/choices/0/message/content").asText());
        assertEquals("stop", body.at("/choices/0/finish_reason").asText());
        JsonNode sent = providerUsage("Paris is the capital of France.");
        assertEquals(sent.path("prompt_tokens").asInt(), body.at("/usage/prompt_tokens").asInt());
        assertEquals(sent.path("completion_tokens").asInt(), body.at("/usage/completion_tokens").asInt());
        assertEquals(sent.path("prompt_tokens").asInt() + sent.path("completion_tokens").asInt(),
                body.at("/usage/total_tokens").asInt());
    }

    @Test
    void aStreamedAnswerArrivesAsChunksThatJoinToTheProvidersTextThenUsageThenDone() {
        fake.answer("One two three four five six seven.");
        HttpResponse<String> response = Chat.post(base,
                Chat.streamed(Chat.request("claude-sonnet-4.5", "user", "Count to seven."), true));

        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("text/event-stream"));
        List<String> events = Chat.events(response.body());
        assertEquals("[DONE]", events.get(events.size() - 1));
        assertEquals("One two three four five six seven.", Chat.joined(response.body(), "content"));
        List<JsonNode> chunks = Chat.chunks(response.body());
        assertTrue(chunks.size() >= 4, "streamed in pieces: " + events);
        assertEquals("assistant", chunks.get(0).at("/choices/0/delta/role").asText());
        JsonNode finish = chunks.get(chunks.size() - 2);
        assertEquals("stop", finish.at("/choices/0/finish_reason").asText());
        JsonNode usage = chunks.get(chunks.size() - 1);
        assertEquals(0, usage.path("choices").size());
        assertEquals(7, usage.at("/usage/completion_tokens").asInt(), "the fake counts words");
        assertEquals(providerUsage("One two three four five six seven.").path("prompt_tokens").asInt(),
                usage.at("/usage/prompt_tokens").asInt());
        for (JsonNode chunk : chunks) {
            assertEquals("chat.completion.chunk", chunk.path("object").asText());
            assertEquals("claude-sonnet-4.5", chunk.path("model").asText());
            assertEquals(chunks.get(0).path("id"), chunk.path("id"));
        }
    }

    @Test
    void theSystemPromptAndAThreeTurnHistoryReachTheProviderAsSent() {
        ObjectNode request = Chat.request("glm-4.7",
                "system", "You are a terse pirate.",
                "user", "Who are you?",
                "assistant", "A pirate, arr.",
                "user", "Where is your ship?",
                "assistant", "In the harbour.",
                "user", "What is it called?");
        HttpResponse<String> response = Chat.post(base, request);

        assertEquals(200, response.statusCode(), response.body());
        JsonNode messages = chatRequest().json().path("messages");
        assertEquals(request.path("messages"), messages);
    }

    @Test
    void withoutASystemMessageTheProviderGetsNone() {
        Chat.post(base, Chat.request("glm-4.7", "user", "Hello"));

        JsonNode messages = chatRequest().json().path("messages");
        assertEquals(1, messages.size(), messages.toString());
        assertEquals("user", messages.get(0).path("role").asText());
    }

    @Test
    void reasoningStreamsAsReasoningContentApartFromTheAnswer() {
        fake.reasoning("First I consider the question.").answer("Forty-two.");
        HttpResponse<String> stream = Chat.post(base,
                Chat.streamed(Chat.request("glm-4.7", "user", "The answer?"), false));

        assertEquals(200, stream.statusCode(), stream.body());
        assertEquals("First I consider the question.", Chat.joined(stream.body(), "reasoning_content"));
        assertEquals("Forty-two.", Chat.joined(stream.body(), "content"));

        JsonNode plain = Chat.json(Chat.post(base, Chat.request("glm-4.7", "user", "The answer?")).body());
        assertEquals("Forty-two.", plain.at("/choices/0/message/content").asText());
        assertEquals("First I consider the question.", plain.at("/choices/0/message/reasoning_content").asText());
    }

    @Test
    void contentPartsOfTextReachTheProvider() {
        ObjectNode request = Chat.JSON.createObjectNode().put("model", "glm-4.7");
        ObjectNode user = request.putArray("messages").addObject().put("role", "user");
        user.putArray("content").add(Chat.JSON.createObjectNode().put("type", "text").put("text", "first part"))
                .add(Chat.JSON.createObjectNode().put("type", "text").put("text", "second part"));
        HttpResponse<String> response = Chat.post(base, request);

        assertEquals(200, response.statusCode(), response.body());
        String sent = chatRequest().json().path("messages").toString();
        assertTrue(sent.contains("first part") && sent.contains("second part"), sent);
    }

    @Test
    void anImageGivenAsADataUrlReachesAProviderModelThatTakesImages() {
        ObjectNode request = imageRequest("claude-sonnet-4.5");
        HttpResponse<String> response = Chat.post(base, request);

        assertEquals(200, response.statusCode(), response.body());
        String sent = chatRequest().json().path("messages").toString();
        assertTrue(sent.contains(PNG.substring(0, 40)), sent);
    }

    @Test
    void anImageForAModelWithoutImageInputIsRefusedBeforeOpencodeSeesIt() {
        HttpResponse<String> response = Chat.post(base, imageRequest("glm-4.7"));

        assertEquals(400, response.statusCode(), response.body());
        assertTrue(Chat.json(response.body()).at("/error/message").asText().contains("takes no images"), response.body());
        assertEquals(0, fake.requests().stream().filter(r -> r.path().equals("/v1/chat/completions")).count());
    }

    private static final String PNG = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkY"
            + "PhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

    private static ObjectNode imageRequest(String model) {
        ObjectNode request = Chat.JSON.createObjectNode().put("model", model);
        ObjectNode user = request.putArray("messages").addObject().put("role", "user");
        var content = user.putArray("content");
        content.addObject().put("type", "text").put("text", "What is in this picture?");
        content.addObject().put("type", "image_url").putObject("image_url").put("url", PNG);
        return request;
    }

    /** The last chat request the provider received. */
    private RecordedRequest chatRequest() {
        return fake.requests().stream().filter(r -> r.path().equals("/v1/chat/completions"))
                .reduce((a, b) -> b).orElseThrow();
    }

    /** The usage the fake reported for the last chat request: words sent, words of {@code answer}. */
    private JsonNode providerUsage(String answer) {
        JsonNode sent = chatRequest().json();
        int prompt = 0;
        for (JsonNode message : sent.path("messages")) {
            String text = message.path("content").isTextual() ? message.path("content").asText()
                    : message.path("content").findValuesAsText("text").stream().reduce("", (a, b) -> a + " " + b);
            prompt += text.isBlank() ? 0 : text.strip().split("\\s+").length;
        }
        return Chat.JSON.createObjectNode().put("prompt_tokens", prompt)
                .put("completion_tokens", answer.strip().split("\\s+").length);
    }
}
