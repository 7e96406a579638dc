package dev.localai.inference.engine.openai;

import dev.localai.inference.Cancellation;
import dev.localai.inference.ChatTurn;
import dev.localai.inference.ContextLengthException;
import dev.localai.inference.Generation;
import dev.localai.inference.GenerationRequest;
import dev.localai.inference.ModelSpec;
import dev.localai.inference.engine.LoadException;
import dev.localai.inference.engine.LoadedModel;
import dev.localai.standins.upstream.Behaviour;
import dev.localai.standins.upstream.FakeUpstream;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Against real HTTP servers: the shared {@link FakeUpstream}, in this JVM or started as a supervised process. */
class OpenAiServerEngineTest {

    private static final GenerationRequest HELLO = GenerationRequest.chat(List.of(new ChatTurn("user", "Hi")), 32);
    private final OpenAiServerEngine engine = new OpenAiServerEngine(HttpClient.newHttpClient());

    @Test
    void streamsTheServersAnswerAndTakesItsUsage() throws LoadException {
        try (FakeUpstream fake = FakeUpstream.start()) {
            LoadedModel model = engine.load(ModelSpec.openAiServer("remote", fake.baseUrl()));
            List<String> pieces = new ArrayList<>();
            Generation g = model.generate(HELLO, pieces::add, Cancellation.none());
            assertEquals(FakeUpstream.DEFAULT_ANSWER, g.text());
            assertTrue(pieces.size() > 1, "streamed in pieces: " + pieces);
            assertEquals(1, g.promptTokens());                       // the fake counts words
            assertEquals(5, g.completionTokens());
            assertEquals(Generation.STOP, g.finishReason());
            assertEquals("remote", fake.requests().get(fake.requests().size() - 1).json().path("model").asText());
        }
    }

    @Test
    void closesTheConnectionWhenCancelled() throws LoadException {
        try (FakeUpstream fake = FakeUpstream.start()) {
            fake.behave(Behaviour.trickle(Duration.ofMillis(200)));
            LoadedModel model = engine.load(ModelSpec.openAiServer("remote", fake.baseUrl()));
            Cancellation cancel = new Cancellation();
            Generation g = model.generate(HELLO, piece -> cancel.cancel(), cancel);
            assertEquals(Generation.CANCELLED, g.finishReason());
            assertTrue(fake.awaitCancelled(1, Duration.ofSeconds(5)));
        }
    }

    @Test
    void aFailureNamesTheServersOwnMessageOrTheRefusedConnection() throws LoadException {
        LoadedModel model;
        try (FakeUpstream fake = FakeUpstream.start()) {
            model = engine.load(ModelSpec.openAiServer("remote", fake.baseUrl()));
            fake.behave(Behaviour.status(500, "{\"error\":{\"message\":\"CUDA out of memory\",\"type\":\"server_error\"}}"));
            UncheckedIOException error = assertThrows(UncheckedIOException.class,
                    () -> model.generate(HELLO, s -> { }, Cancellation.none()));
            assertEquals("the server of remote failed: CUDA out of memory (HTTP 500)", error.getMessage());
        }
        UncheckedIOException gone = assertThrows(UncheckedIOException.class,
                () -> model.generate(HELLO, s -> { }, Cancellation.none()));
        assertEquals("the server of remote failed: connection refused", gone.getMessage());
    }

    @Test
    void aPromptTheServerCannotFitIsAContextLengthErrorNotAFailure() throws LoadException {
        try (FakeUpstream fake = FakeUpstream.start()) {
            LoadedModel model = engine.load(ModelSpec.openAiServer("remote", fake.baseUrl()));
            // llama-server's answer (tools/server/server.cpp, format_error_response ERROR_TYPE_EXCEED_CONTEXT_SIZE)
            fake.behave(Behaviour.status(400, "{\"error\":{\"code\":400,\"message\":\"the request exceeds the"
                    + " available context size, try increasing it\",\"type\":\"exceed_context_size_error\","
                    + "\"n_prompt_tokens\":9000,\"n_ctx\":4096}}"));
            ContextLengthException e = assertThrows(ContextLengthException.class,
                    () -> model.generate(HELLO, s -> { }, Cancellation.none()));
            assertEquals("The prompt does not fit the context of the model 'remote': the request exceeds the available"
                    + " context size, try increasing it (HTTP 400)", e.getMessage());
            fake.behave(Behaviour.status(400, "{\"error\":{\"message\":\"'temperature' must be a number\"}}"));
            assertThrows(UncheckedIOException.class, () -> model.generate(HELLO, s -> { }, Cancellation.none()));
        }
    }

    @Test
    void aServerThatDoesNotAnswerIsALoadErrorNamingItsUrl() {
        String url = FakeUpstream.unusedPortUrl();
        LoadException e = assertThrows(LoadException.class, () -> engine.load(ModelSpec.openAiServer("remote", url)));
        assertTrue(e.getMessage().contains(url), e.getMessage());
    }

    @Test
    void startsASupervisedServerRestartsItWhenItDiesAndStopsItOnUnload() throws Exception {
        int port = freePort();
        ModelSpec spec = ModelSpec.openAiServer("supervised", "http://127.0.0.1:" + port).withCommand(List.of(
                ProcessHandle.current().info().command().orElse("java"), "-cp", System.getProperty("java.class.path"),
                FakeUpstream.class.getName(), "--port", String.valueOf(port)));
        OpenAiServerModel model = (OpenAiServerModel) engine.load(spec);
        try {
            assertEquals(FakeUpstream.DEFAULT_ANSWER, model.generate(HELLO, s -> { }, Cancellation.none()).text());
            long first = model.process().pid();
            ProcessHandle.of(first).orElseThrow().destroyForcibly();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!(model.process().pid() != first && model.process().healthy()) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertNotEquals(first, model.process().pid());
            assertEquals(1, model.process().restarts());
            assertEquals(FakeUpstream.DEFAULT_ANSWER, model.generate(HELLO, s -> { }, Cancellation.none()).text());
        } finally {
            model.close();
        }
        long pid = model.process().pid();
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
    }

    @Test
    void aSupervisedServerThatExitsAtOnceIsALoadError() {
        ModelSpec spec = ModelSpec.openAiServer("dies", "http://127.0.0.1:" + freePort())
                .withCommand(List.of("sh", "-c", "exit 3"));
        LoadException e = assertThrows(LoadException.class, () -> engine.load(spec));
        assertTrue(e.getMessage().contains("exited with status 3"), e.getMessage());
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
