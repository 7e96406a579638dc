package dev.localai.inference.engine.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import dev.localai.inference.Cancellation;
import dev.localai.inference.ChatTurn;
import dev.localai.inference.EngineKind;
import dev.localai.inference.Generation;
import dev.localai.inference.GenerationRequest;
import dev.localai.inference.ModelSpec;
import dev.localai.inference.ModelState;
import dev.localai.inference.engine.Engines;
import dev.localai.inference.engine.LoadException;
import dev.localai.inference.engine.LoadedModel;
import dev.localai.inference.lifecycle.InferenceListener;
import dev.localai.inference.lifecycle.ManagedModel;
import dev.localai.inference.lifecycle.ModelManager;
import dev.localai.standins.ollama.OllamaFailure;
import dev.localai.standins.ollama.OllamaStub;
import dev.localai.standins.upstream.FakeUpstream;
import dev.localai.standins.upstream.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.localai.inference.Await.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Against the shared {@link OllamaStub}, a real HTTP server that speaks Ollama's API. */
class OllamaEngineTest {

    private static final GenerationRequest HELLO = GenerationRequest.chat(List.of(new ChatTurn("system", "Be brief."),
            new ChatTurn("user", "Why is the sky blue?")), 32);
    private static OllamaStub stub;
    private final OllamaEngine engine = new OllamaEngine(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build());

    @BeforeAll
    static void start() {
        stub = OllamaStub.start();
    }

    @AfterAll
    static void stop() {
        stub.close();
    }

    @BeforeEach
    void reset() {
        stub.reset();
    }

    static ModelSpec spec(String name, String url, String remoteModel) {
        return new ModelSpec(name, EngineKind.OLLAMA, null, url, remoteModel, List.of(), 0, 0, 1, 8, 0, Duration.ZERO,
                false, false, Duration.ofSeconds(30));
    }

    private LoadedModel load() throws LoadException {
        return engine.load(spec("local", stub.baseUrl() + "/", "llama3.2"));
    }

    private static JsonNode lastBody(String path) {
        List<RecordedRequest> requests = stub.requestsTo(path);
        assertFalse(requests.isEmpty(), "no request to " + path);
        return requests.get(requests.size() - 1).json();
    }

    @Test
    void loadingChecksTheTagsThenLoadsTheModelToStayUntilUnloaded() throws LoadException {
        load();
        assertEquals(List.of("GET /api/tags", "POST /api/generate"),
                stub.requests().stream().map(r -> r.method() + " " + r.path()).toList());
        assertEquals("{\"model\":\"llama3.2\",\"keep_alive\":-1}", lastBody("/api/generate").toString(),
                "an empty prompt only loads");
        assertEquals(List.of("llama3.2:latest"), stub.loaded());
    }

    @Test
    void aModelThatIsNotPulledIsALoadErrorSayingHowToPullIt() {
        LoadException e = assertThrows(LoadException.class,
                () -> engine.load(spec("coder", stub.baseUrl(), "qwen2.5-coder:7b")));
        assertTrue(e.getMessage().contains("has no model 'qwen2.5-coder:7b'"), e.getMessage());
        assertTrue(e.getMessage().contains("ollama pull qwen2.5-coder:7b"), e.getMessage());
        assertEquals(1, stub.requestCount(), "nothing loaded");
    }

    @Test
    void aModelNameMatchesIgnoringCaseAndTheLatestTag() throws LoadException {
        stub.pull("Qwen2.5:7B");
        engine.load(spec("qwen", stub.baseUrl(), "qwen2.5:7b"));
        engine.load(spec("llama", stub.baseUrl(), "llama3.2:latest"));
        assertEquals(2, stub.loaded().size());
    }

    @Test
    void anOllamaThatIsNotRunningIsALoadErrorWithAReadableReason() {
        String url = FakeUpstream.unusedPortUrl();
        LoadException e = assertThrows(LoadException.class, () -> engine.load(spec("local", url, "llama3.2")));
        assertTrue(e.getMessage().startsWith("Ollama at " + url + " does not answer: "), e.getMessage());
        assertFalse(e.getMessage().contains("null"), e.getMessage());
        assertTrue(e.getMessage().toLowerCase(Locale.ROOT).contains("connection refused"), e.getMessage());
    }

    @Test
    void aLoadThatOllamaRefusesIsALoadErrorWithItsMessage() {
        stub.failNext(OllamaFailure.status(500, "model requires more system memory (5.6 GiB) than is available (3.1 GiB)"));
        LoadException e = assertThrows(LoadException.class, this::load);
        assertTrue(e.getMessage().endsWith("could not load 'llama3.2': model requires more system memory (5.6 GiB)"
                + " than is available (3.1 GiB) (HTTP 500)"), e.getMessage());
    }

    @Test
    void chatStreamsPiecesAndTakesTheTokenCountsFromTheLastLine() throws LoadException {
        LoadedModel model = load();
        List<String> pieces = new ArrayList<>();
        Generation g = model.generate(HELLO, pieces::add, Cancellation.none());
        assertEquals(List.of("Hello", " from", " the", " Ollama", " stub."), pieces);
        assertEquals(OllamaStub.DEFAULT_ANSWER, g.text());
        assertEquals(2 + 5, g.promptTokens(), "the stub counts words");
        assertEquals(5, g.completionTokens());
        assertEquals(Generation.STOP, g.finishReason());
        assertTrue(g.timeToFirstText() != null && !g.timeToFirstText().isNegative());

        JsonNode body = lastBody("/api/chat");
        assertEquals("llama3.2", body.get("model").asText());
        assertTrue(body.get("stream").asBoolean());
        assertEquals(-1, body.get("keep_alive").asInt(), "every request keeps the model loaded, or Ollama's 5m applies");
        assertEquals("[{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"Why is the sky blue?\"}]",
                body.get("messages").toString());
        assertTrue(stub.loaded().contains("llama3.2:latest"));
    }

    @Test
    void aCompletionUsesGenerateInRawMode() throws LoadException {
        LoadedModel model = load();
        Generation g = model.generate(GenerationRequest.completion("Once upon a time", 8), s -> { }, Cancellation.none());
        assertEquals(OllamaStub.DEFAULT_ANSWER, g.text());
        assertEquals(4, g.promptTokens());
        JsonNode body = lastBody("/api/generate");
        assertEquals("Once upon a time", body.get("prompt").asText());
        assertTrue(body.get("raw").asBoolean(), "no template around a raw prompt");
        assertFalse(body.has("messages"));
    }

    @Test
    void mapsTheSamplingSettingsToOllamasOptions() throws LoadException {
        LoadedModel model = load();
        GenerationRequest request = GenerationRequest.chat(List.of(new ChatTurn("user", "Hi")), 64)
                .withSampling(0.2, 0.9, 7L).withStop(List.of("\n\n", "User:"));
        model.generate(request, s -> { }, Cancellation.none());
        assertEquals("{\"num_predict\":64,\"temperature\":0.2,\"top_p\":0.9,\"seed\":7,\"stop\":[\"\\n\\n\",\"User:\"]}",
                lastBody("/api/chat").get("options").toString());

        model.generate(GenerationRequest.completion("Hi", null), s -> { }, Cancellation.none());
        assertEquals("{}", lastBody("/api/generate").get("options").toString(), "unset settings are Ollama's defaults");
    }

    @Test
    void finishesWithLengthWhenNumPredictCutsTheAnswerAndStopOtherwise() throws LoadException {
        LoadedModel model = load();
        Generation cut = model.generate(GenerationRequest.chat(List.of(new ChatTurn("user", "Hi")), 2), s -> { },
                Cancellation.none());
        assertEquals("Hello from", cut.text());
        assertEquals(Generation.LENGTH, cut.finishReason());
        assertEquals(2, cut.completionTokens());

        Generation stopped = model.generate(GenerationRequest.chat(List.of(new ChatTurn("user", "Hi")), 20)
                .withStop(List.of(" the")), s -> { }, Cancellation.none());
        assertEquals("Hello from", stopped.text());
        assertEquals(Generation.STOP, stopped.finishReason());
    }

    @Test
    void cancellingClosesTheConnectionPromptlyAndReturnsACancelledGeneration() throws Exception {
        LoadedModel model = load();
        stub.streamDelay(Duration.ofSeconds(30));
        Cancellation cancellation = new Cancellation();
        CountDownLatch firstPiece = new CountDownLatch(1);
        List<String> pieces = new ArrayList<>();
        CompletableFuture<Generation> running = CompletableFuture.supplyAsync(() -> model.generate(HELLO, piece -> {
            pieces.add(piece);
            firstPiece.countDown();
        }, cancellation));
        assertTrue(firstPiece.await(10, TimeUnit.SECONDS), "the first piece arrives at once");
        long cancelledAt = System.nanoTime();
        cancellation.cancel();                          // from another thread, as a client's disconnect does
        Generation g = running.get(10, TimeUnit.SECONDS);
        assertTrue(System.nanoTime() - cancelledAt < Duration.ofSeconds(5).toNanos(), "not after the 30 s pause");
        assertEquals(Generation.CANCELLED, g.finishReason());
        assertEquals("Hello", g.text());
        assertEquals(List.of("Hello"), pieces);
        assertTrue(stub.awaitClientClosed(1, Duration.ofSeconds(10)), "Ollama saw the connection close");
    }

    @Test
    void aCancellationWhileOllamaIsStillLoadingStopsWaitingForIt() throws Exception {
        LoadedModel model = load();
        stub.evict("llama3.2");
        stub.loadTime(Duration.ofSeconds(30));
        Cancellation cancellation = new Cancellation();
        CompletableFuture<Generation> running = CompletableFuture.supplyAsync(
                () -> model.generate(HELLO, s -> { }, cancellation));
        assertTrue(stub.awaitRequests(3, Duration.ofSeconds(10)), "the chat request reached Ollama");
        cancellation.cancel();
        Generation g = running.get(10, TimeUnit.SECONDS);
        assertEquals(Generation.CANCELLED, g.finishReason());
        assertEquals("", g.text());
        assertTrue(stub.awaitClientClosed(1, Duration.ofSeconds(10)));
    }

    @Test
    void isNotAliveOnceOllamaHasEvictedTheModel() throws LoadException {
        LoadedModel model = load();
        assertTrue(model.isAlive());
        stub.evict("llama3.2:latest");
        assertFalse(model.isAlive());
    }

    @Test
    void closingUnloadsWithKeepAliveZero() throws LoadException {
        LoadedModel model = load();
        model.close();
        assertEquals("{\"model\":\"llama3.2\",\"keep_alive\":0}", lastBody("/api/generate").toString());
        assertEquals(List.of(), stub.loaded());
        assertFalse(model.isAlive());
    }

    @Test
    void embedsThroughApiEmbed() throws LoadException {
        LoadedModel model = engine.load(spec("local", stub.baseUrl(), "llama3.2").withEmbeddings(true));
        assertTrue(model.supportsEmbeddings());
        float[] sky = model.embed("Why is the sky blue?");
        assertEquals(OllamaStub.DEFAULT_DIMENSIONS, sky.length);
        assertArrayEquals(sky, model.embed("Why is the sky blue?"));
        assertFalse(Arrays.equals(sky, model.embed("Why is the grass green?")));
        JsonNode body = lastBody("/api/embed");
        assertEquals("Why is the grass green?", body.get("input").asText());
        assertEquals(-1, body.get("keep_alive").asInt(), "embedding does not reset the model's keep_alive to 5m");
        assertFalse(load().supportsEmbeddings(), "only when configured");
    }

    @Test
    void anErrorLineInTheStreamFailsTheGenerationWithOllamasMessage() throws LoadException {
        LoadedModel model = load();
        stub.failNext(OllamaFailure.midStream(2, "an error was encountered while running the model"));
        List<String> pieces = new ArrayList<>();
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> model.generate(HELLO, pieces::add, Cancellation.none()));
        assertEquals("Ollama failed for llama3.2: an error was encountered while running the model", e.getMessage());
        assertEquals(List.of("Hello", " from"), pieces, "what came before the error was passed on");
    }

    @Test
    void anErrorStatusFailsTheGenerationWithOllamasMessage() throws LoadException {
        LoadedModel model = load();
        stub.failNext(OllamaFailure.status(500, "llama runner process has terminated: exit status 2"));
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> model.generate(HELLO, s -> { }, Cancellation.none()));
        assertEquals("Ollama failed for llama3.2: llama runner process has terminated: exit status 2 (HTTP 500)",
                e.getMessage());

        stub.remove("llama3.2");
        UncheckedIOException gone = assertThrows(UncheckedIOException.class,
                () -> model.generate(GenerationRequest.completion("Hi", 4), s -> { }, Cancellation.none()));
        assertEquals("Ollama failed for llama3.2: model 'llama3.2' not found (HTTP 404)", gone.getMessage());
    }

    @Test
    void aStreamThatEndsBeforeItsLastLineIsAFailure() throws LoadException {
        LoadedModel model = load();
        stub.failNext(OllamaFailure.dropConnection(2));
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> model.generate(HELLO, s -> { }, Cancellation.none()));
        assertTrue(e.getMessage().startsWith("Ollama failed for llama3.2: "), e.getMessage());
    }

    @Test
    void anEmbeddingErrorCarriesOllamasMessage() throws LoadException {
        LoadedModel model = engine.load(spec("local", stub.baseUrl(), "llama3.2").withEmbeddings(true));
        stub.failNext(OllamaFailure.status(500, "this model does not support embeddings"));
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> model.embed("Hi"));
        assertEquals("Ollama failed for llama3.2: this model does not support embeddings (HTTP 500)", e.getMessage());
    }

    /** The engine under the lifecycle: loaded on the first request, unloaded with keep_alive 0. */
    @Nested
    class ThroughTheModelManager {

        private ModelManager manager;

        @AfterEach
        void close() {
            if (manager != null) {
                manager.close();
            }
        }

        private ManagedModel start(Duration aliveInterval) {
            manager = new ModelManager(List.of(spec("local", stub.baseUrl(), "llama3.2")), new Engines(engine),
                    new ModelManager.Settings(0, Duration.ofMillis(20), aliveInterval, Duration.ofSeconds(10)),
                    InferenceListener.NONE).start();
            return manager.model("local");
        }

        @Test
        void loadsOnTheFirstRequestAndUnloadsWithKeepAliveZero() {
            ManagedModel model = start(Duration.ofMinutes(1));
            assertEquals(ModelState.NOT_LOADED, model.state());
            assertEquals(0, stub.requestCount(), "nothing happens before the first request");

            Generation g = model.generate(HELLO, s -> { }, Cancellation.none());
            assertEquals(OllamaStub.DEFAULT_ANSWER, g.text());
            assertEquals(ModelState.READY, model.state());
            assertEquals(List.of("/api/tags", "/api/generate", "/api/chat"),
                    stub.requests().stream().map(RecordedRequest::path).toList());
            assertEquals(List.of("llama3.2:latest"), stub.loaded());

            assertTrue(model.unload());
            assertEquals(ModelState.NOT_LOADED, model.state());
            assertEquals(0, lastBody("/api/generate").get("keep_alive").asInt());
            assertEquals(List.of(), stub.loaded());
        }

        @Test
        void becomesNotLoadedWhenOllamaEvictsTheModelOnItsOwn() {
            ManagedModel model = start(Duration.ofMillis(50));
            model.load();
            assertEquals(ModelState.READY, model.state());
            stub.evict("llama3.2");
            awaitTrue(() -> model.state() == ModelState.NOT_LOADED, Duration.ofSeconds(10));
            model.generate(HELLO, s -> { }, Cancellation.none());
            assertEquals(ModelState.READY, model.state());
            assertNotEquals(List.of(), stub.loaded(), "loaded again on the next request");
        }
    }
}
