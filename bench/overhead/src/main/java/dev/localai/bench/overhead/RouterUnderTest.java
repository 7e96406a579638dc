package dev.localai.bench.overhead;

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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The packaged router ({@code router-service/target/quarkus-app/quarkus-run.jar}) in its own JVM, as a
 * user runs it, with a routing file that sends everything to the benchmark upstream. Its resident
 * memory is read from {@code /proc/<pid>/status} while it runs.
 */
final class RouterUnderTest implements AutoCloseable {

    private final Process process;
    private final int port;
    private final AtomicLong peakRssKb = new AtomicLong();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "rss-sampler");
        t.setDaemon(true);
        return t;
    });

    private RouterUnderTest(Process process, int port) {
        this.process = process;
        this.port = port;
        sampler.scheduleAtFixedRate(() -> peakRssKb.accumulateAndGet(rssKb("VmRSS"), Math::max),
                0, 200, TimeUnit.MILLISECONDS);
    }

    static RouterUnderTest start(Path jar, Path workDir, String upstreamUrl, String jdbcUrl, List<String> jvmOptions,
                                 java.util.Map<String, String> environment)
            throws Exception {
        return withRouting(jar, workDir, ""
                + "backends:\n"
                + "  bench:\n"
                + "    url: \"" + upstreamUrl + "\"\n"
                + "    location: home\n"
                + "    models: [m]\n"
                + "rules:\n"
                + "  - {name: everything, route: [bench/m]}\n", jdbcUrl, jvmOptions, environment);
    }

    /** The router with its own routing file. */
    static RouterUnderTest withRouting(Path jar, Path workDir, String routingYaml, String jdbcUrl,
                                       List<String> jvmOptions) throws Exception {
        return withRouting(jar, workDir, routingYaml, jdbcUrl, jvmOptions, java.util.Map.of());
    }

    /** The router with its own routing file and environment. */
    static RouterUnderTest withRouting(Path jar, Path workDir, String routingYaml, String jdbcUrl,
                                       List<String> jvmOptions, java.util.Map<String, String> environment)
            throws Exception {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it with ./mvnw -pl router-service -am package");
        }
        Files.createDirectories(workDir);
        Path routing = workDir.resolve("routing.yaml");
        Files.writeString(routing, routingYaml);
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toAbsolutePath().toString());
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve("router.log").toFile());
        builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        builder.environment().put("ROUTER_ROUTING_FILE", routing.toAbsolutePath().toString());
        builder.environment().put("DB_URL", jdbcUrl);
        builder.environment().put("DB_USER", "postgres");
        builder.environment().put("DB_PASSWORD", "postgres");
        builder.environment().putAll(environment);
        RouterUnderTest router = new RouterUnderTest(builder.start(), port);
        router.awaitReady(Duration.ofSeconds(60), workDir.resolve("router.log"));
        return router;
    }

    String chatUrl() {
        return "http://127.0.0.1:" + port + "/v1/chat/completions";
    }

    long pid() {
        return process.pid();
    }

    /** Resident set size now, in kB. */
    long rssKb() {
        return rssKb("VmRSS");
    }

    /** Highest resident set size seen by the sampler (every 200 ms) since {@link #resetPeak}. */
    long peakRssKb() {
        return Math.max(peakRssKb.get(), rssKb());
    }

    void resetPeak() {
        peakRssKb.set(rssKb());
    }

    /**
     * CPU time the router's process has used (user and system, all threads), in microseconds, from
     * {@code /proc/<pid>/stat} (clock ticks of 10 ms: read it over many requests).
     */
    long cpuMicros() {
        return cpuMicros(process.pid());
    }

    /** {@link #cpuMicros()} of any process. */
    static long cpuMicros(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);    // utime, stime
            return ticks * 10_000;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** The kernel's own high-water mark of the process' resident memory, in kB. */
    long highWaterKb() {
        return rssKb("VmHWM");
    }

    private long rssKb(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // the process is gone
        }
        return 0;
    }

    private void awaitReady(Duration limit, Path log) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the router exited with " + process.exitValue() + "; see " + log);
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
        throw new IllegalStateException("the router was not ready within " + limit + "; see " + log);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        sampler.shutdownNow();
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
