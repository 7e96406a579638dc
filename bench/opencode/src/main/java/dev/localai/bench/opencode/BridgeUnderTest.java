package dev.localai.bench.opencode;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The packaged bridge ({@code opencode-service/target/quarkus-app}) in its own JVM with the options
 * {@code ./run.sh} gives it, attached to the benchmark's OpenCode ({@code opencode.url}), serving
 * {@code glm-4.7} on {@code bench/m}.
 */
final class BridgeUnderTest implements AutoCloseable {

    private final Process process;
    final int port;

    private BridgeUnderTest(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static BridgeUnderTest start(Path root, Path work, OpencodeServer opencode) throws Exception {
        Path jar = root.resolve("opencode-service/target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: ./mvnw -pl opencode-service -am package builds it");
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Xmx512m", "-XX:+UseSerialGC",
                "-Dquarkus.http.host=127.0.0.1", "-Dopencode.models.glm.target=bench/m",
                "-Dopencode.models.claude.target=bench/m", "-jar", jar.toString()))
                .directory(work.toFile()).redirectErrorStream(true).redirectOutput(work.resolve("bridge.log").toFile());
        builder.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
        builder.environment().put("OPENCODE_URL", "http://127.0.0.1:" + opencode.port);
        builder.environment().put("OPENCODE_PASSWORD", opencode.password);
        BridgeUnderTest bridge = new BridgeUnderTest(builder.start(), port);
        bridge.awaitReady(Duration.ofSeconds(120), work.resolve("bridge.log"));
        return bridge;
    }

    String chatUrl() {
        return "http://127.0.0.1:" + port + "/v1/chat/completions";
    }

    private void awaitReady(Duration limit, Path log) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the bridge exited with " + process.exitValue() + "; see " + log);
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
        throw new IllegalStateException("the bridge was not ready within " + limit + "; see " + log);
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
