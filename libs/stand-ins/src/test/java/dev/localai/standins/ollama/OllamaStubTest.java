package dev.localai.standins.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.localai.standins.server.OneStubPerClass;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The stub's wire format, read with a plain JDK client, against Ollama's docs/api.md. */
class OllamaStubTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final OneStubPerClass<OllamaStub> OLLAMA = new OneStubPerClass<>(OllamaStub::start, fresh -> {
        fresh.reset();
        fresh.answer("one two three four");
    });

    private final OllamaStub stub = OLLAMA.get();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(stub.baseUrl() + path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(stub.baseUrl() + path)).timeout(Duration.ofSeconds(10))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(String text) throws IOException {
        return JSON.readTree(text);
    }

    private static List<JsonNode> lines(String ndjson) throws IOException {
        assertTrue(ndjson.endsWith("\n"), "every object ends with a newline: " + ndjson);
        List<JsonNode> lines = new ArrayList<>();
        for (String line : ndjson.split("\n")) {
            lines.add(json(line));
        }
        return lines;
    }

    private static String contentType(HttpResponse<?> response) {
        return response.headers().firstValue("content-type").orElse("");
    }

    @Test
    void listsPulledModelsWithTheDocumentedFields() throws Exception {
        stub.pull("qwen2.5:7b");
        HttpResponse<String> response = get("/api/tags");
        assertEquals(200, response.statusCode());
        assertTrue(contentType(response).startsWith("application/json"));
        JsonNode models = json(response.body()).get("models");
        assertEquals(2, models.size());
        JsonNode first = models.get(0);
        assertEquals("llama3.2:latest", first.get("name").asText());
        assertEquals("llama3.2:latest", first.get("model").asText());
        assertTrue(Instant.parse(first.get("modified_at").asText()).isBefore(Instant.now().plusSeconds(1)));
        assertTrue(first.get("size").asLong() > 0);
        assertEquals(64, first.get("digest").asText().length());
        assertEquals("gguf", first.at("/details/format").asText());
        assertEquals("[\"llama\"]", first.at("/details/families").toString());
        assertEquals("Q4_K_M", first.at("/details/quantization_level").asText());
        assertEquals("qwen2.5:7b", models.get(1).get("name").asText());
    }

    @Test
    void answersVersionAndTheRootPage() throws Exception {
        assertEquals("{\"version\":\"0.12.6\"}", get("/api/version").body());
        stub.version("0.5.1");
        assertEquals("0.5.1", json(get("/api/version").body()).get("version").asText());
        assertEquals("Ollama is running", get("/").body());
    }

    @Test
    void streamsGenerateAsNdjsonOneWordPerLineEndingWithTheMetrics() throws Exception {
        HttpResponse<String> response = post("/api/generate", "{\"model\":\"llama3.2\",\"prompt\":\"Why is the sky blue?\"}");
        assertEquals(200, response.statusCode());
        assertEquals("application/x-ndjson", contentType(response));
        List<JsonNode> lines = lines(response.body());
        assertEquals(4 + 1, lines.size(), response.body());
        StringBuilder text = new StringBuilder();
        for (JsonNode line : lines.subList(0, 4)) {
            assertEquals("llama3.2", line.get("model").asText(), "the model as the request named it");
            Instant.parse(line.get("created_at").asText());
            assertFalse(line.get("done").asBoolean());
            assertFalse(line.has("done_reason"));
            text.append(line.get("response").asText());
        }
        assertEquals("one two three four", text.toString());
        assertEquals(" two", lines.get(1).get("response").asText(), "a token is a word with the space before it");
        JsonNode done = lines.get(4);
        assertEquals("", done.get("response").asText());
        assertTrue(done.get("done").asBoolean());
        assertEquals("stop", done.get("done_reason").asText());
        assertEquals(5, done.get("prompt_eval_count").asInt(), "words of the prompt");
        assertEquals(4, done.get("eval_count").asInt());
        for (String duration : List.of("total_duration", "load_duration", "prompt_eval_duration", "eval_duration")) {
            assertTrue(done.get(duration).asLong() > 0, duration);
        }
        assertEquals(5 + 4, done.get("context").size());
        assertEquals(List.of("model", "created_at", "response", "done", "done_reason", "context", "total_duration",
                "load_duration", "prompt_eval_count", "prompt_eval_duration", "eval_count", "eval_duration"),
                fieldNames(done), "the order of Ollama's Go struct");
    }

    @Test
    void streamsChatAsAssistantMessages() throws Exception {
        List<JsonNode> lines = lines(post("/api/chat", """
                {"model": "llama3.2", "messages": [{"role": "system", "content": "Be brief."},
                 {"role": "user", "content": "why is the sky blue?"}]}""").body());
        assertEquals(5, lines.size());
        assertEquals("{\"role\":\"assistant\",\"content\":\"one\"}", lines.get(0).get("message").toString());
        JsonNode done = lines.get(4);
        assertEquals("{\"role\":\"assistant\",\"content\":\"\"}", done.get("message").toString());
        assertEquals("stop", done.get("done_reason").asText());
        assertEquals(2 + 5, done.get("prompt_eval_count").asInt());
        assertEquals(4, done.get("eval_count").asInt());
        assertFalse(done.has("context"), "chat has no context");
    }

    @Test
    void withoutStreamingAnswersOneObjectAndRawModeHasNoContext() throws Exception {
        HttpResponse<String> response = post("/api/generate",
                "{\"model\":\"llama3.2\",\"prompt\":\"[INST] hi [/INST]\",\"raw\":true,\"stream\":false}");
        assertTrue(contentType(response).startsWith("application/json"));
        JsonNode answer = json(response.body());
        assertEquals("one two three four", answer.get("response").asText());
        assertTrue(answer.get("done").asBoolean());
        assertFalse(answer.has("context"));
        JsonNode chat = json(post("/api/chat", "{\"model\":\"llama3.2\",\"stream\":false,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").body());
        assertEquals("one two three four", chat.at("/message/content").asText());
    }

    @Test
    void numPredictCutsWithLengthAndAStopStringCutsWithStop() throws Exception {
        JsonNode cut = json(post("/api/generate", "{\"model\":\"llama3.2\",\"prompt\":\"count\",\"stream\":false,"
                + "\"options\":{\"num_predict\":2}}").body());
        assertEquals("one two", cut.get("response").asText());
        assertEquals("length", cut.get("done_reason").asText());
        assertEquals(2, cut.get("eval_count").asInt());
        JsonNode stopped = json(post("/api/generate", "{\"model\":\"llama3.2\",\"prompt\":\"count\",\"stream\":false,"
                + "\"options\":{\"stop\":[\"four\",\" three\"],\"num_predict\":10}}").body());
        assertEquals("one two", stopped.get("response").asText());
        assertEquals("stop", stopped.get("done_reason").asText());
    }

    @Test
    void anEmptyPromptLoadsTheModelAndKeepAliveSetsItsExpiry() throws Exception {
        assertEquals("[]", json(get("/api/ps").body()).get("models").toString(), "nothing loaded at start");
        JsonNode load = json(post("/api/generate", "{\"model\":\"llama3.2\",\"keep_alive\":-1}").body());
        assertEquals(List.of("model", "created_at", "response", "done", "done_reason"), fieldNames(load));
        assertEquals("load", load.get("done_reason").asText());
        JsonNode loaded = json(get("/api/ps").body()).at("/models/0");
        assertEquals("llama3.2:latest", loaded.get("name").asText());
        assertEquals(loaded.get("size").asLong(), loaded.get("size_vram").asLong());
        assertTrue(Instant.parse(loaded.get("expires_at").asText()).isAfter(Instant.parse("2300-01-01T00:00:00Z")),
                "kept forever: " + loaded);

        JsonNode chatLoad = json(post("/api/chat", "{\"model\":\"llama3.2\",\"messages\":[],\"keep_alive\":\"10m\"}")
                .body());
        assertEquals("load", chatLoad.get("done_reason").asText());
        assertEquals("{\"role\":\"assistant\",\"content\":\"\"}", chatLoad.get("message").toString());
        Instant expiry = Instant.parse(json(get("/api/ps").body()).at("/models/0/expires_at").asText());
        assertTrue(expiry.isAfter(Instant.now().plusSeconds(9 * 60)) && expiry.isBefore(Instant.now().plusSeconds(11 * 60)),
                expiry.toString());

        post("/api/embed", "{\"model\":\"llama3.2\",\"keep_alive\":3600}");
        expiry = Instant.parse(json(get("/api/ps").body()).at("/models/0/expires_at").asText());
        assertTrue(expiry.isAfter(Instant.now().plusSeconds(59 * 60)) && expiry.isBefore(Instant.now().plusSeconds(61 * 60)),
                "a number is seconds: " + expiry);
    }

    @Test
    void keepAliveZeroWithAnEmptyPromptUnloads() throws Exception {
        post("/api/generate", "{\"model\":\"llama3.2\",\"prompt\":\"hi\"}");
        assertEquals(List.of("llama3.2:latest"), stub.loaded(), "a generation loads the model");
        JsonNode unload = json(post("/api/generate", "{\"model\":\"llama3.2\",\"keep_alive\":0}").body());
        assertEquals("unload", unload.get("done_reason").asText());
        assertTrue(unload.get("done").asBoolean());
        assertEquals("[]", json(get("/api/ps").body()).get("models").toString());

        post("/api/chat", "{\"model\":\"llama3.2\",\"messages\":[]}");
        assertTrue(stub.isLoaded("llama3.2"));
        assertEquals("unload", json(post("/api/chat", "{\"model\":\"llama3.2\",\"messages\":[],\"keep_alive\":\"0s\"}")
                .body()).get("done_reason").asText());
        assertFalse(stub.isLoaded("llama3.2"));
    }

    @Test
    void aModelLeavesMemoryWhenItsKeepAliveHasPassed() throws Exception {
        post("/api/generate", "{\"model\":\"llama3.2\",\"prompt\":\"hi\",\"keep_alive\":\"50ms\"}");
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!json(get("/api/ps").body()).get("models").isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "still loaded after 5 s");
            Thread.sleep(20);
        }
    }

    @Test
    void anEvictedModelLeavesPsBehindTheClientsBack() throws Exception {
        post("/api/generate", "{\"model\":\"llama3.2\"}");
        assertTrue(stub.evict("llama3.2"));
        assertEquals("[]", json(get("/api/ps").body()).get("models").toString());
        assertFalse(stub.evict("llama3.2"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "/api/generate|{\"model\":\"mistral\",\"prompt\":\"hi\"}|404|model 'mistral' not found",
            "/api/chat|{\"model\":\"mistral\",\"messages\":[]}|404|model 'mistral' not found",
            "/api/embed|{\"model\":\"mistral\",\"input\":\"hi\"}|404|model 'mistral' not found",
            "/api/embeddings|{\"model\":\"mistral\",\"prompt\":\"hi\"}|404|model \"mistral\" not found, try pulling it first",
            "/api/chat|{\"messages\":[]}|400|model is required",
            "/api/generate|{\"prompt\":\"hi\"}|404|model '' not found",
            "/api/generate|``|400|missing request body",
            "/api/chat|hello|400|invalid character 'h' looking for beginning of value",
            "/api/chat|not json|400|invalid character 'o' in literal null (expecting 'u')",
            "/api/generate|{\"model\":|400|unexpected EOF",
            "/api/generate|[1]|400|json: cannot unmarshal array into Go value of type api.GenerateRequest",
            "/api/generate|{\"model\":\"llama3.2\",\"keep_alive\":\"10\"}|400|time: missing unit in duration \"10\"",
            "/api/generate|{\"model\":\"llama3.2\",\"keep_alive\":true}|400|Unsupported type: 'bool'",
            "/api/generate|{\"model\":\"llama3.2\",\"raw\":true,\"system\":\"x\",\"prompt\":\"hi\"}|400"
                    + "|raw mode does not support template, system, or context",
            "/api/embed|{\"model\":\"llama3.2\",\"input\":[1]}|400|invalid input type"})
    void refusesAsOllamaDoesInItsWords(String path, String body, int status, String message) throws Exception {
        HttpResponse<String> response = post(path, body);
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(contentType(response).startsWith("application/json"));
        assertEquals(message, json(response.body()).get("error").asText());
    }

    @Test
    void otherPathsAndMethodsAnswerAsGinDoes() throws Exception {
        HttpResponse<String> missing = get("/api/pull");
        assertEquals(404, missing.statusCode());
        assertEquals("404 page not found", missing.body());
        HttpResponse<String> wrongMethod = get("/api/generate");
        assertEquals(405, wrongMethod.statusCode());
    }

    @Test
    void embedsDeterministicUnitVectors() throws Exception {
        JsonNode one = json(post("/api/embed", "{\"model\":\"llama3.2\",\"input\":\"Why is the sky blue?\"}").body());
        assertEquals("llama3.2", one.get("model").asText());
        assertEquals(1, one.get("embeddings").size());
        JsonNode vector = one.at("/embeddings/0");
        assertEquals(OllamaStub.DEFAULT_DIMENSIONS, vector.size());
        double norm = 0;
        for (JsonNode component : vector) {
            norm += component.asDouble() * component.asDouble();
        }
        assertEquals(1.0, norm, 1e-4);
        assertEquals(5, one.get("prompt_eval_count").asInt());

        JsonNode two = json(post("/api/embed", "{\"model\":\"llama3.2\",\"input\":[\"Why is the sky blue?\","
                + "\"Why is the grass green?\"],\"dimensions\":4}").body());
        assertEquals(2, two.get("embeddings").size());
        assertEquals(4, two.at("/embeddings/1").size());
        assertFalse(two.at("/embeddings/0").equals(two.at("/embeddings/1")));

        JsonNode legacy = json(post("/api/embeddings", "{\"model\":\"llama3.2\",\"prompt\":\"Why is the sky blue?\"}")
                .body());
        assertEquals(vector, legacy.get("embedding"), "the superseded endpoint gives the same vector");
        assertEquals("[]", json(post("/api/embed", "{\"model\":\"llama3.2\"}").body()).get("embeddings").toString());
    }

    @Test
    void failsTheNextRequestWithAStatusAndThenAnswersAgain() throws Exception {
        stub.failNext(OllamaFailure.status(500, "llama runner process has terminated: exit status 2"));
        HttpResponse<String> failed = post("/api/generate", "{\"model\":\"llama3.2\",\"prompt\":\"hi\"}");
        assertEquals(500, failed.statusCode());
        assertEquals("{\"error\":\"llama runner process has terminated: exit status 2\"}", failed.body());
        assertEquals(200, post("/api/generate", "{\"model\":\"llama3.2\",\"prompt\":\"hi\"}").statusCode());
    }

    @Test
    void aMidStreamErrorIsAnErrorLineInsideThe200Stream() throws Exception {
        stub.failNext(OllamaFailure.midStream(2, "an error was encountered while running the model"));
        HttpResponse<String> response = post("/api/chat", "{\"model\":\"llama3.2\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"hi\"}]}");
        assertEquals(200, response.statusCode());
        List<JsonNode> lines = lines(response.body());
        assertEquals(3, lines.size());
        assertEquals("one", lines.get(0).at("/message/content").asText());
        assertEquals("{\"error\":\"an error was encountered while running the model\"}", lines.get(2).toString());

        stub.failNext(OllamaFailure.midStream(0, "boom"));
        HttpResponse<String> before = post("/api/generate", "{\"model\":\"llama3.2\",\"prompt\":\"hi\"}");
        assertEquals(500, before.statusCode(), "nothing written yet: the status still says it");
        assertEquals("{\"error\":\"boom\"}", before.body());
    }

    @Test
    void aDroppedConnectionEndsTheStreamWithoutItsLastChunk() {
        stub.failNext(OllamaFailure.dropConnection(1));
        assertThrows(IOException.class, () -> post("/api/generate", "{\"model\":\"llama3.2\",\"prompt\":\"hi\"}"));
    }

    @Test
    void pausesBetweenLinesAndSeesAClientThatClosesTheConnection() throws Exception {
        stub.streamDelay(Duration.ofSeconds(30));
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(URI.create(stub.baseUrl() + "/api/generate"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"llama3.2\",\"prompt\":\"hi\"}")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            String first = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8)).readLine();
            assertEquals("one", json(first).get("response").asText());
        }
        assertTrue(stub.awaitClientClosed(1, Duration.ofSeconds(10)), "the stub saw the connection close");
        assertEquals(List.of("llama3.2:latest"), stub.loaded(), "the request ended; the model stays for its keep_alive");
    }

    @Test
    void escapesHtmlCharactersAsGoDoes() throws Exception {
        stub.answer("<b>fish & chips</b>");
        String body = post("/api/generate", "{\"model\":\"llama3.2\",\"prompt\":\"hi\",\"stream\":false}").body();
        assertTrue(body.contains("\"response\":\"\\u003cb\\u003efish \\u0026 chips\\u003c/b\\u003e\""), body);
        assertEquals("<b>fish & chips</b>", json(body).get("response").asText());
    }

    @Test
    void recordsEveryRequestWithItsBody() throws Exception {
        post("/api/generate", "{\"model\":\"llama3.2\",\"keep_alive\":-1}");
        get("/api/ps");
        assertTrue(stub.awaitRequests(2, Duration.ofSeconds(5)));
        assertEquals(-1, stub.requestsTo("/api/generate").get(0).json().get("keep_alive").asInt());
        assertEquals("GET", stub.lastRequest().method());
        assertEquals("/api/ps", stub.lastRequest().path());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
