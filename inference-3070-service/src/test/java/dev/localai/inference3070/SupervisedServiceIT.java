package dev.localai.inference3070;

import dev.localai.inference.Cancellation;
import dev.localai.inference.ChatTurn;
import dev.localai.inference.EngineKind;
import dev.localai.inference.Generation;
import dev.localai.inference.GenerationRequest;
import dev.localai.inference.ModelSpec;
import dev.localai.inference.ModelState;
import dev.localai.inference.engine.Engines;
import dev.localai.inference.gguf.TinyLlama;
import dev.localai.inference.lifecycle.InferenceListener;
import dev.localai.inference.lifecycle.ManagedModel;
import dev.localai.inference.lifecycle.ModelManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code openai-server} engine supervising a real model server: another instance of this service
 * (the packaged jar), serving the tiny model with llama.cpp, started by the engine from its command line,
 * found healthy on {@code GET /health}, restarted when it is killed, stopped on unload. With one seed the
 * text through the supervised server equals the text generated in this JVM by the in-process engine.
 */
class SupervisedServiceIT {

    private static final GenerationRequest STORY = GenerationRequest.chat(List.of(
                    new ChatTurn("system", "You are terse."), new ChatTurn("user", "Tell me about robots.")), 24)
            .withSampling(0.8, null, 7L);
    private static Path work;
    private static Path gguf;
    private static ModelManager manager;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        work = Files.createDirectories(Path.of("target", "supervised-it").toAbsolutePath());
        gguf = work.resolve("tiny.gguf");
        TinyLlama.write(gguf, TinyLlama.DEFAULT_SEED);
        port = freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-Dquarkus.http.port=" + port,
                "-Dde.kherud.llama.tmpdir=" + Files.createDirectories(work.resolve("child-native")),
                "-Dinference.data-dir=" + Files.createDirectories(work.resolve("child-data")),
                "-Dinference.models.demo-tiny.path=" + gguf,
                "-Dinference.models.demo-tiny.ctx-size=512",
                "-Dinference.models.demo-tiny.threads=1",
                "-Dinference.models.demo-tiny.slots=1",
                "-Dinference.models.demo-tiny.preload=true",
                "-jar", Path.of("target", "quarkus-app", "quarkus-run.jar").toAbsolutePath().toString()));
        ModelSpec inProcess = ModelSpec.llamaCpp("in-process", gguf);
        ModelSpec supervised = new ModelSpec("supervised", EngineKind.OPENAI_SERVER, null, "http://127.0.0.1:" + port,
                "demo-tiny", command, 0, 0, 1, 8, 0, Duration.ZERO, false, false, Duration.ofSeconds(120));
        manager = new ModelManager(List.of(inProcess, supervised), Engines.standard(), ModelManager.Settings.defaults(),
                InferenceListener.NONE).start();
    }

    @AfterAll
    static void stop() {
        if (manager != null) {
            manager.close();
        }
    }

    @Test
    void servesTheSameTextAsInProcessSurvivesAKillAndStopsOnUnload() throws Exception {
        ManagedModel supervised = manager.model("supervised");
        assertEquals(ModelState.NOT_LOADED, supervised.state());
        Generation local = manager.model("in-process").generate(STORY, s -> { }, Cancellation.none());
        List<String> pieces = new ArrayList<>();
        Generation remote = supervised.generate(STORY, pieces::add, Cancellation.none());
        assertEquals(24, local.completionTokens());
        assertEquals(local.completionTokens(), remote.completionTokens());
        assertEquals(local.promptTokens(), remote.promptTokens(), "usage counted from the same real tokens");
        assertEquals(local.text(), remote.text(), "one seed, one model: the same text in-process and through the server");
        assertTrue(pieces.size() > 1, "streamed: " + pieces.size() + " pieces");
        assertEquals(ModelState.READY, supervised.state());

        ProcessHandle first = server().orElseThrow(() -> new AssertionError("no server process listening on " + port));
        first.destroyForcibly();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        Generation again = null;
        while (again == null && System.nanoTime() < deadline) {
            try {
                again = supervised.generate(STORY, s -> { }, Cancellation.none());
            } catch (RuntimeException restarting) {
                Thread.sleep(500);
            }
        }
        assertTrue(again != null, "answers again after the server was killed");
        assertEquals(local.text(), again.text());
        ProcessHandle second = server().orElseThrow();
        assertNotEquals(first.pid(), second.pid(), "a new process");

        supervised.unload();
        assertEquals(ModelState.NOT_LOADED, supervised.state());
        assertTrue(second.onExit().toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS) != null);
        assertFalse(second.isAlive(), "unload stops the server");
    }

    /** The child JVM started by the engine: a descendant of this one whose command line names our port. */
    private static Optional<ProcessHandle> server() {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().arguments().map(a -> List.of(a).contains("-Dquarkus.http.port=" + port)).orElse(false))
                .findFirst();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
