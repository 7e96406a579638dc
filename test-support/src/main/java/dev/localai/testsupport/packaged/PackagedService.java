package dev.localai.testsupport.packaged;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A service of the project run as it is packaged ({@code target/quarkus-app/quarkus-run.jar}, built earlier in the
 * reactor; the build names it in system property {@code packaged.<module>}) in a child JVM on a free port of
 * 127.0.0.1, in a folder of the caller's, its output in a log file there. Ready once it says where it listens and
 * {@code /q/health/ready} answers 200. For tests of one service against the others (the bot's, the deploy checks').
 */
public final class PackagedService implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("Listening on: (http://127\\.0\\.0\\.1:\\d+)");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final String name;
    private final Process process;
    private final Path log;
    private final String url;

    private PackagedService(String name, Process process, Path log, String url) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.url = url;
    }

    /**
     * Starts the jar named by system property {@code packaged.<module>} (set by the build) in {@code work}, with
     * {@code properties} as {@code -D} options and {@code env} added to the environment; waits at most
     * {@code listenLimit} until it says where it listens and then {@code readyLimit} until it is ready.
     */
    public static PackagedService start(String module, Path work, Map<String, String> properties,
                                        Map<String, String> env, Duration listenLimit, Duration readyLimit)
            throws IOException, InterruptedException {
        String jarPath = System.getProperty("packaged." + module);
        if (jarPath == null || !Files.isRegularFile(Path.of(jarPath))) {
            throw new IllegalStateException(module + " is not packaged (" + jarPath + "): build it first, e.g."
                    + " ./mvnw -pl " + module + " package -DskipTests, or run the whole reactor");
        }
        Files.createDirectories(work);
        Path log = work.resolve(module + ".log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Dquarkus.http.port=0", "-Dquarkus.http.host=127.0.0.1"));
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", Path.of(jarPath).toAbsolutePath().toString()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        String url = awaitUrl(module, process, log, listenLimit);
        PackagedService service = new PackagedService(module, process, log, url);
        service.awaitReady(readyLimit);
        return service;
    }

    private static String awaitUrl(String module, Process process, Path log, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher found = LISTENING.matcher(Files.exists(log) ? Files.readString(log) : "");
            if (found.find()) {
                return found.group(1);
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(module + " stopped while starting:\n" + tail(log));
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        process.destroyForcibly();
        throw new IllegalStateException(module + " did not start within " + timeout + ":\n" + tail(log));
    }

    private void awaitReady(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(url + "/q/health/ready")).timeout(Duration.ofSeconds(2)).build();
        while (System.nanoTime() < deadline) {
            try {
                if (HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " stopped while starting:\n" + tail(log));
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        throw new IllegalStateException(name + " was not ready within " + timeout + ":\n" + tail(log));
    }

    public String url() {
        return url;
    }

    /** host:port, as a scrape target. */
    public String target() {
        return URI.create(url).getAuthority();
    }

    public Path log() {
        return log;
    }

    /** The last 40 lines of a log, for a failure's message. */
    public static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Stops it as Ctrl-C would (a graceful shutdown), forcibly after 20 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
