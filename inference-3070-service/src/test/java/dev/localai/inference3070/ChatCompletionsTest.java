package dev.localai.inference3070;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasLength;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@QuarkusTestResource(InferenceTestModels.class)
class ChatCompletionsTest {

    static String chat(String model, int maxTokens, String extra) {
        return "{\"model\":\"" + model + "\",\"max_tokens\":" + maxTokens + extra
                + ",\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"Hi\"}]}";
    }

    static Response post(String path, String body) {
        return given().contentType("application/json").body(body).post(path);
    }

    @Test
    void answersWithAChatCompletionCountingRealTokens() {
        post("/v1/chat/completions", chat("demo-tiny", 12, "")).then().statusCode(200)
                .contentType(containsString("application/json"))
                .body("object", equalTo("chat.completion"))
                .body("id", startsWith("chatcmpl-"))
                .body("model", equalTo("demo-tiny"))
                .body("choices[0].message.role", equalTo("assistant"))
                .body("choices[0].message.content", hasLength(12))
                .body("choices[0].finish_reason", equalTo("length"))
                // "<|system|>Be brief.\n<|user|>Hi\n<|assistant|>": 43 bytes besides the space, each a token;
                // SentencePiece's "▁" prefix and the space as "▁" are 3 byte tokens each; + BOS
                .body("usage.prompt_tokens", equalTo(43 + 3 + 3 + 1))
                .body("usage.completion_tokens", equalTo(12))
                .body("usage.total_tokens", equalTo(50 + 12));
    }

    @Test
    void streamsChunksAsServerSentEventsEndingInDone() {
        Response response = post("/v1/chat/completions", chat("demo-tiny", 8,
                ",\"stream\":true,\"stream_options\":{\"include_usage\":true}"));
        response.then().statusCode(200).contentType(startsWith("text/event-stream"));
        String body = response.asString();
        assertTrue(body.endsWith("data: [DONE]\n\n"), body);
        List<String> events = events(body);
        assertEquals(1 + 8 + 1 + 1 + 1, events.size(), body);          // role, 8 tokens, finish, usage, [DONE]
        assertTrue(events.get(0).contains("\"role\":\"assistant\""), events.get(0));
        assertTrue(events.get(9).contains("\"finish_reason\":\"length\""), events.get(9));
        assertTrue(events.get(10).contains("\"completion_tokens\":8"), events.get(10));
    }

    @Test
    void twoRequestsWithOneSeedGiveTheSameText() {
        String body = chat("demo-tiny", 20, ",\"temperature\":0.9,\"top_p\":0.9,\"seed\":7");
        String first = post("/v1/chat/completions", body).then().statusCode(200).extract().path("choices[0].message.content");
        String second = post("/v1/chat/completions", body).then().statusCode(200).extract().path("choices[0].message.content");
        assertEquals(first, second);
    }

    @Test
    void stopsAtAStopSequence() {
        String free = post("/v1/chat/completions", chat("demo-tiny", 16, ",\"temperature\":0"))
                .then().extract().path("choices[0].message.content");
        String stop = free.substring(5, 7);
        post("/v1/chat/completions", chat("demo-tiny", 16, ",\"temperature\":0,\"stop\":[\"" + stop.replace("\\", "\\\\")
                .replace("\"", "\\\"") + "\"]")).then().statusCode(200)
                .body("choices[0].message.content", equalTo(free.substring(0, free.indexOf(stop))))
                .body("choices[0].finish_reason", equalTo("stop"));
    }

    @Test
    void anUnknownModelIs404InOpenAiShape() {
        post("/v1/chat/completions", chat("no-such-model", 4, "")).then().statusCode(404)
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.param", equalTo("model"))
                .body("error.code", equalTo("model_not_found"))
                .body("error.message", containsString("no-such-model"));
    }

    @Test
    void badJsonIs400InOpenAiShape() {
        post("/v1/chat/completions", "{\"model\": \"demo-tiny\", \"messages\": [").then().statusCode(400)
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.message", containsString("could not parse the JSON body"));
    }

    @Test
    void missingMessagesAre400NamingTheField() {
        post("/v1/chat/completions", "{\"model\":\"demo-tiny\"}").then().statusCode(400)
                .body("error.param", equalTo("messages"));
    }

    @Test
    void aPromptLongerThanASlotsContextIs400ContextLengthExceeded() {
        String longer = "{\"model\":\"demo-tiny\",\"messages\":[{\"role\":\"user\",\"content\":\""
                + "word ".repeat(1200) + "\"}]}";       // 8,400 tokens ("▁" is 3): the tests' 16,384 are 2 slots of 8,192
        post("/v1/chat/completions", longer).then().statusCode(400)
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.param", equalTo("messages"))
                .body("error.code", equalTo("context_length_exceeded"))
                .body("error.message", containsString("has 8192 tokens of context per request"));
        post("/v1/chat/completions", chat("demo-tiny", 4, "")).then().statusCode(200);
    }

    @Test
    void aBrokenModelIs503NamingTheReason() {
        post("/v1/chat/completions", chat("broken", 4, "")).then().statusCode(503)
                .body("error.type", equalTo("service_unavailable_error"))
                .body("error.message", containsString("not a GGUF file"));
    }

    @Test
    void servesAModelBehindAnOpenAiCompatibleServer() {
        post("/v1/chat/completions", chat("slow", 64, "")).then().statusCode(200)
                .body("choices[0].message.content", equalTo("Hello from the fake upstream."))
                .body("model", equalTo("slow"));
    }

    static List<String> events(String body) {
        List<String> events = new ArrayList<>();
        for (String block : body.split("\n\n")) {
            if (!block.isBlank()) {
                assertTrue(block.startsWith("data: "), block);
                events.add(block.substring(6));
            }
        }
        return events;
    }
}
