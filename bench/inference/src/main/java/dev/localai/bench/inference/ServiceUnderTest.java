package dev.localai.bench.inference;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The packaged {@code inference-3070-service} ({@code target/quarkus-app/quarkus-run.jar}) in its own JVM
 * on a free port, serving one llama.cpp model configured through {@code -D} system properties. It gets a
 * work directory of its own: its data dir, its log and its own {@code de.kherud.llama.tmpdir} (llama.cpp's
 * native library is extracted there, and the loader deletes {@code llama*} files in it first, so two JVMs
 * must never share one).
 */
final class ServiceUnderTest implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;

    private ServiceUnderTest(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts the service and waits until it answers {@code /q/health/ready}. The model is preloaded; the
     * caller's warm-up requests wait for it if it is still loading.
     */
    static ServiceUnderTest start(Path jar, Path workDir, String modelName, Settings s, List<String> jvmOptions)
            throws Exception {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it with "
                    + "./mvnw -B -q -DskipTests -pl bench/inference,inference-3070-service -am package");
        }
        Path native_ = Files.createDirectories(workDir.resolve("native"));
        Path data = Files.createDirectories(workDir.resolve("data"));
        Path log = workDir.resolve("service.log");
        int port = freePort();
        String m = "inference.models." + modelName + ".";
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-Dquarkus.http.port=" + port);
        command.add("-Dde.kherud.llama.tmpdir=" + native_.toAbsolutePath());
        command.add("-Dinference.data-dir=" + data.toAbsolutePath());
        command.add("-D" + m + "engine=llama-cpp");
        command.add("-D" + m + "path=" + s.model().toAbsolutePath());
        command.add("-D" + m + "ctx-size=" + s.ctxSize());
        command.add("-D" + m + "threads=" + s.threads());
        command.add("-D" + m + "slots=" + s.slots());
        command.add("-D" + m + "preload=true");
        command.add("-D" + m + "idle-ttl=0s");                   // never unloaded during the run
        command.add("-jar");
        command.add(jar.toAbsolutePath().toString());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        ServiceUnderTest service = new ServiceUnderTest(builder.start(), port, log);
        Runtime.getRuntime().addShutdownHook(new Thread(service::stopQuietly, "stop-service"));
        try {
            service.awaitReady(Duration.ofSeconds(90));
        } catch (Exception e) {
            service.close();
            throw e;
        }
        return service;
    }

    /** What both sides share: the model file and the llama.cpp settings. */
    record Settings(Path model, int ctxSize, int threads, int slots) {
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    private void awaitReady(Duration limit) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(baseUrl() + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the service exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the service was not ready within " + limit + "; see " + log);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private void stopQuietly() {
        try {
            close();
        } catch (Exception ignored) {
            // best effort at JVM exit
        }
    }

    /** SIGTERM (Quarkus shuts down cleanly), then SIGKILL after 15 s. */
    @Override
    public void close() throws Exception {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
