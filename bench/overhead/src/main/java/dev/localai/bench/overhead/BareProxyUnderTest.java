package dev.localai.bench.overhead;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** {@link BareProxy} in its own JVM, with the options the router gets, in front of the benchmark upstream. */
final class BareProxyUnderTest implements AutoCloseable {

    private final Process process;
    private final int port;

    private BareProxyUnderTest(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static BareProxyUnderTest start(String upstreamUrl, List<String> jvmOptions, java.util.Map<String, String> env)
            throws Exception {
        int port = RouterUnderTest.freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), BareProxy.class.getName(),
                Integer.toString(port), upstreamUrl));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        CompletableFuture<Boolean> listening = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {   // read to the end so the pipe never fills
                    if (line.startsWith("listening")) {
                        listening.complete(true);
                    } else {
                        System.err.println("bare proxy: " + line);
                    }
                }
            } catch (java.io.IOException ended) {
                // the process is gone
            }
            listening.complete(false);
        }, "bare-proxy-output");
        reader.setDaemon(true);
        reader.start();
        if (!listening.get(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("the bare proxy did not start");
        }
        return new BareProxyUnderTest(process, port);
    }

    String chatUrl() {
        return "http://127.0.0.1:" + port + "/v1/chat/completions";
    }

    long cpuMicros() {
        return RouterUnderTest.cpuMicros(process.pid());
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
