package dev.localai.devstack;

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

/**
 * One service of the stack run as a child JVM, its output in a log file of its own. A service that
 * dies on its own is started again with a growing pause (1 s, 2 s, 4 s … up to 30 s; back to 1 s once
 * it has run for a minute), as compose's {@code restart: unless-stopped} does, and the rest of the
 * stack keeps serving.
 */
final class ServiceProcess {

    private static final Duration FIRST_PAUSE = Duration.ofSeconds(1);
    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(30);
    private static final Duration STABLE = Duration.ofMinutes(1);
    private static final Duration GRACE = Duration.ofMillis(1500);

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    final String name;
    final int port;
    private final Path jar;
    private final Path log;
    private final Map<String, String> env;
    private Process process;
    private long startedAt;
    private Duration pause = FIRST_PAUSE;
    private long restartAt = -1;
    private long diedAt = -1;
    /** When a restarted service died, until it answers ready again; 0 when it serves. */
    private long downSince;
    private int restarts;
    private boolean stopped;

    ServiceProcess(String name, int port, Path jar, Path log, Map<String, String> env) {
        this.name = name;
        this.port = port;
        this.jar = jar;
        this.log = log;
        this.env = env;
    }

    synchronized void start() throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IOException(jar + " is missing: build with ./mvnw package -DskipTests (./run.sh does)");
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        // The router's heap is sized as bench/overhead measured it: under 300 MB resident at 1,000 requests/s.
        String heap = "router-service".equals(name) ? "-Xmx128m" : "-Xmx512m";
        List<String> command = new ArrayList<>(List.of(java, heap, "-XX:+UseSerialGC",
                "-Dquarkus.http.port=" + port, "-Dquarkus.http.host=127.0.0.1", "-jar", jar.toString()));
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(startedAt == 0 ? ProcessBuilder.Redirect.to(log.toFile())     // a fresh log per run
                        : ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        process = builder.start();
        startedAt = System.nanoTime();
    }

    /**
     * Called regularly by the stack: notices a death, says so, and starts the service again once its
     * pause is over. Returns a line to print when something happened, else null.
     */
    synchronized String supervise() throws IOException {
        if (stopped || process == null) {
            return null;
        }
        if (process.isAlive()) {
            if (downSince > 0 && readyNow()) {
                long seconds = Math.round((System.nanoTime() - downSince) / 1e9);
                downSince = 0;
                return name + " is serving again, " + seconds + " s after it stopped";
            }
            return null;
        }
        long now = System.nanoTime();
        if (diedAt < 0) {
            diedAt = now;                    // a Ctrl-C reaches the children too: give the stack's own stop a moment
            return null;
        }
        if (restartAt < 0) {
            if (now - diedAt < GRACE.toNanos()) {
                return null;
            }
            if (diedAt - startedAt > STABLE.toNanos()) {
                pause = FIRST_PAUSE;
            }
            restartAt = now + pause.toNanos();
            return name + " stopped unexpectedly (exit code " + process.exitValue() + "); starting it again in "
                    + pause.toSeconds() + " s. Last lines of " + log + ":\n" + tail(15);
        }
        if (now < restartAt) {
            return null;
        }
        restartAt = -1;
        downSince = diedAt;
        diedAt = -1;
        restarts++;
        pause = pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause.multipliedBy(2);
        start();
        return name + " started again (restart " + restarts + "); the rest of the stack kept serving";
    }

    /** The running process (for tests and the chaos suite). */
    synchronized ProcessHandle handle() {
        return process.toHandle();
    }

    int restarts() {
        return restarts;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Waits until {@code /q/health/ready} answers 200; false if the process died or time ran out. */
    boolean awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(url() + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2)).build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                return false;
            }
            try {
                if (HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return true;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        return false;
    }

    /** One quick readiness check. */
    private boolean readyNow() {
        try {
            HttpRequest ready = HttpRequest.newBuilder(URI.create(url() + "/q/health/ready"))
                    .timeout(Duration.ofMillis(300)).build();
            return HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException notYet) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** The last lines of its log, to show why it stopped. */
    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log at " + log + ")";
        }
    }

    Path log() {
        return log;
    }

    /** From now on a death is not followed by a restart. */
    synchronized void stopping() {
        stopped = true;
    }

    /** SIGTERM, then a hard kill if it has not stopped within ten seconds. */
    void stop() {
        stopping();
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
