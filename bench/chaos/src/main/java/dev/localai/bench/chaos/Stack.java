package dev.localai.bench.chaos;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The packaged stack as {@code ./run.sh} starts it (dev-stack), with its own data folder, and its processes. */
final class Stack {

    static final List<Integer> PORTS = List.of(8000, 8001, 8002, 8003, 8004, 8090, 55432);
    static final int POSTGRES = 55432;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final Path root;
    private final Path run;
    private Process devStack;

    Stack(Path root) {
        this.root = root;
        this.run = root.resolve("bench/chaos/target/run");
    }

    void start() throws Exception {
        for (int port : PORTS) {
            if (listening(port)) {
                throw new IllegalStateException("port " + port + " is in use: stop ./run.sh (or whatever holds it) first");
            }
        }
        Files.createDirectories(run);
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-jar", root.resolve("dev-stack/target/dev-stack.jar").toString(),
                root.toString()).redirectErrorStream(true).redirectOutput(run.resolve("dev-stack.log").toFile());
        builder.environment().put("DEV_STACK_RUN_DIR", run.toString());
        devStack = builder.start();
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        while (!(ready(8000) && ready(8001) && ready(8002) && ready(8003) && ready(8004))) {
            if (!devStack.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("the stack did not start; see " + run.resolve("dev-stack.log"));
            }
            Thread.sleep(500);
        }
    }

    void stop() throws InterruptedException {
        if (devStack != null && devStack.isAlive()) {
            devStack.destroy();
            if (!devStack.waitFor(60, TimeUnit.SECONDS)) {
                devStack.destroyForcibly();
            }
        }
    }

    Path log() {
        return run.resolve("dev-stack.log");
    }

    /** The service's JVM (or PostgreSQL's postmaster), as the dev stack started it. */
    Optional<ProcessHandle> process(String name) {
        String needle = "postgres".equals(name) ? "-p " + POSTGRES : name + "/target/quarkus-app/quarkus-run.jar";
        return ProcessHandle.allProcesses().filter(p -> p.info().commandLine().map(c -> c.contains(needle)
                && ("postgres".equals(name) ? c.contains("bin/postgres") : c.contains("java"))).orElse(false))
                .findFirst();
    }

    /** Sends {@code signal} to the process and all its children (PostgreSQL serves each connection from a child). */
    void signal(String name, String signal) throws IOException, InterruptedException {
        ProcessHandle p = process(name).orElseThrow(() -> new IllegalStateException(name + " is not running"));
        List<String> command = new java.util.ArrayList<>(List.of("kill", "-" + signal, Long.toString(p.pid())));
        p.descendants().forEach(child -> command.add(Long.toString(child.pid())));
        new ProcessBuilder(command).inheritIO().start().waitFor();
    }

    static boolean ready(int port) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
