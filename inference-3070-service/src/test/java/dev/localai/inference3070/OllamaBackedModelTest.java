package dev.localai.inference3070;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.localai.standins.ollama.OllamaFailure;
import dev.localai.standins.ollama.OllamaStub;
import dev.localai.standins.upstream.RecordedRequest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.localai.inference3070.ChatCompletionsTest.events;
import static dev.localai.inference3070.ChatCompletionsTest.post;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A model served by Ollama (the shared {@link OllamaStub}), through the whole service. */
@QuarkusTest
@QuarkusTestResource(value = OllamaBackedModelTest.WithOllama.class, restrictToAnnotatedClass = true)
class OllamaBackedModelTest {

    private static final String MODEL = "llama-ollama";
    private static final String HI = "{\"model\":\"" + MODEL + "\",\"max_tokens\":32,\"messages\":["
            + "{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"Why is the sky blue?\"}]";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Starts the stub and configures {@value #MODEL}: engine ollama at the stub, Ollama's model {@code llama3.2}. */
    public static class WithOllama implements QuarkusTestResourceLifecycleManager {

        private OllamaStub stub;

        @Override
        public Map<String, String> start() {
            stub = OllamaStub.start();
            return Map.of("inference.models." + MODEL + ".engine", "ollama",
                    "inference.models." + MODEL + ".url", stub.baseUrl(),
                    "inference.models." + MODEL + ".remote-model", "llama3.2",
                    "inference.models." + MODEL + ".idle-ttl", "0s");
        }

        @Override
        public void inject(TestInjector injector) {
            injector.injectIntoFields(stub, new TestInjector.MatchesType(OllamaStub.class));
        }

        @Override
        public void stop() {
            if (stub != null) {
                stub.close();
            }
        }
    }

    OllamaStub ollama;

    /** Each test starts with the model unloaded, in the service and in Ollama, and with nothing recorded. */
    @BeforeEach
    void reset() {
        given().post("/models/" + MODEL + "/unload").then().statusCode(200).body("state", equalTo("not_loaded"));
        ollama.reset();
    }

    private JsonNode lastBody(String path) throws Exception {
        List<RecordedRequest> requests = ollama.requestsTo(path);
        assertFalse(requests.isEmpty(), "Ollama got no " + path);
        return JSON.readTree(requests.get(requests.size() - 1).body());
    }

    @Test
    void answersAChatCompletionFromOllama() throws Exception {
        post("/v1/chat/completions", HI + "}").then().statusCode(200)
                .body("object", equalTo("chat.completion"))
                .body("model", equalTo(MODEL))
                .body("choices[0].message.content", equalTo(OllamaStub.DEFAULT_ANSWER))
                .body("choices[0].finish_reason", equalTo("stop"))
                .body("usage.prompt_tokens", equalTo(2 + 5))                // the stub counts words
                .body("usage.completion_tokens", equalTo(5));
        JsonNode chat = lastBody("/api/chat");
        assertEquals("llama3.2", chat.get("model").asText());
        assertEquals(32, chat.at("/options/num_predict").asInt());
        assertEquals(-1, chat.get("keep_alive").asInt());
        assertEquals("Why is the sky blue?", chat.at("/messages/1/content").asText());
    }

    @Test
    void streamsAChatCompletionFromOllamaTokenByToken() {
        Response response = post("/v1/chat/completions", HI + ",\"stream\":true,\"stream_options\":{\"include_usage\":true}}");
        response.then().statusCode(200).contentType(startsWith("text/event-stream"));
        String body = response.asString();
        List<String> events = events(body);
        assertEquals(1 + 5 + 1 + 1 + 1, events.size(), body);            // role, 5 words, finish, usage, [DONE]
        assertTrue(events.get(1).contains("\"content\":\"Hello\""), events.get(1));
        assertTrue(events.get(2).contains("\"content\":\" from\""), events.get(2));
        assertTrue(events.get(6).contains("\"finish_reason\":\"stop\""), events.get(6));
        assertTrue(events.get(7).contains("\"completion_tokens\":5"), events.get(7));
        assertEquals("[DONE]", events.get(8));
    }

    @Test
    void statusShowsTheModelLoadedOnItsFirstRequest() {
        given().get("/models/status").then().statusCode(200)
                .body("models.find { it.name == '" + MODEL + "' }.engine", equalTo("ollama"))
                .body("models.find { it.name == '" + MODEL + "' }.state", equalTo("not_loaded"));
        post("/v1/chat/completions", HI + "}").then().statusCode(200);
        given().get("/models/status").then().statusCode(200)
                .body("models.find { it.name == '" + MODEL + "' }.state", equalTo("ready"))
                .body("models.find { it.name == '" + MODEL + "' }.load_time_ms", notNullValue());
        // the idle reaper asks GET /api/ps on its own schedule whether Ollama still holds the model: not part of the request
        assertEquals(List.of("/api/tags", "/api/generate", "/api/chat"),
                ollama.requests().stream().map(RecordedRequest::path).filter(path -> !"/api/ps".equals(path)).toList(),
                "check it is pulled, load, chat");
    }

    @Test
    void unloadingReachesOllamaAsKeepAliveZero() throws Exception {
        given().post("/models/" + MODEL + "/load").then().statusCode(200).body("state", equalTo("ready"));
        assertEquals(List.of("llama3.2:latest"), ollama.loaded());
        given().post("/models/" + MODEL + "/unload").then().statusCode(200).body("state", equalTo("not_loaded"));
        assertEquals("{\"model\":\"llama3.2\",\"keep_alive\":0}", lastBody("/api/generate").toString());
        assertEquals(List.of(), ollama.loaded());
    }

    @Test
    void anOllamaErrorIsA503WithOllamasMessage() {
        given().post("/models/" + MODEL + "/load").then().statusCode(200);
        ollama.failNext(OllamaFailure.status(500, "llama runner process has terminated: exit status 2"));
        post("/v1/chat/completions", HI + "}").then().statusCode(503)
                .body("error.message", containsString("llama runner process has terminated: exit status 2"));
    }

    @Test
    void anErrorLineMidStreamEndsTheStreamWithAnErrorEvent() {
        given().post("/models/" + MODEL + "/load").then().statusCode(200);
        ollama.failNext(OllamaFailure.midStream(2, "an error was encountered while running the model"));
        String body = post("/v1/chat/completions", HI + ",\"stream\":true}").then().statusCode(200).extract().asString();
        List<String> events = events(body);
        assertTrue(events.get(events.size() - 2).contains("an error was encountered while running the model"), body);
        assertFalse(body.contains("\"finish_reason\":\"stop\""), body);
    }
}
