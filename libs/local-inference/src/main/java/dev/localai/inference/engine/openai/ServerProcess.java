package dev.localai.inference.engine.openai;

import dev.localai.inference.ModelSpec;
import dev.localai.inference.engine.LoadException;
import dev.localai.inference.engine.RemoteHttp;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A supervised server process ({@code llama-server}, vLLM): started from the configured command line,
 * ready once {@code GET <url>/health} answers 200, restarted when it dies unexpectedly (after a pause
 * that doubles up to 30 s), stopped on unload (SIGTERM, then SIGKILL after 10 s). Its output goes to
 * {@code <java.io.tmpdir>/local-inference-<model>.log}.
 */
final class ServerProcess {

    private static final Logger LOG = Logger.getLogger(ServerProcess.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final ModelSpec spec;
    private final RemoteHttp http;
    private final Path log;
    private final AtomicInteger restarts = new AtomicInteger();
    private volatile Process process;
    private volatile boolean stopping;

    ServerProcess(ModelSpec spec, RemoteHttp http) {
        this.spec = spec;
        this.http = http;
        this.log = Path.of(System.getProperty("java.io.tmpdir"), "local-inference-" + spec.name() + ".log");
    }

    /** Starts the process and waits until it is healthy. */
    synchronized void start() throws LoadException {
        stopping = false;
        launch();
        awaitHealthy(spec.startTimeout());
    }

    private void launch() throws LoadException {
        try {
            Process p = new ProcessBuilder(spec.command()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            process = p;
            p.onExit().thenRun(() -> exited(p));
        } catch (IOException e) {
            throw new LoadException("cannot start " + String.join(" ", spec.command()) + ": " + e.getMessage(), e);
        }
    }

    private void awaitHealthy(Duration timeout) throws LoadException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String health = spec.url() + "/health";
        while (System.nanoTime() < deadline) {
            Process p = process;
            if (p != null && !p.isAlive() && !stopping) {
                throw new LoadException("the server process exited with status " + p.exitValue()
                        + " before it was healthy; see " + log);
            }
            if (http.status(health, Duration.ofSeconds(2)) == 200) {
                return;
            }
            sleep(POLL);
        }
        stop();
        throw new LoadException("the server was not healthy at " + health + " within " + timeout.toSeconds()
                + " s; see " + log);
    }

    private void exited(Process p) {
        if (stopping || p != process) {
            return;
        }
        int n = restarts.incrementAndGet();
        LOG.warnf("server of %s exited with status %d; restart %d", spec.name(), p.exitValue(), n);
        Thread restarter = new Thread(() -> restart(n), "restart-" + spec.name());
        restarter.setDaemon(true);
        restarter.start();
    }

    private void restart(int attempt) {
        sleep(Duration.ofMillis(Math.min(30_000, 250L << Math.min(attempt - 1, 7))));
        synchronized (this) {
            if (stopping) {
                return;
            }
            try {
                launch();
                awaitHealthy(spec.startTimeout());
            } catch (LoadException e) {
                LOG.warnf("restarting the server of %s failed: %s", spec.name(), e.getMessage());
            }
        }
    }

    /** Whether the process runs and answers its health check. */
    boolean healthy() {
        Process p = process;
        return p != null && p.isAlive() && http.status(spec.url() + "/health", Duration.ofSeconds(2)) == 200;
    }

    int restarts() {
        return restarts.get();
    }

    long pid() {
        Process p = process;
        return p == null ? -1 : p.pid();
    }

    void stop() {
        stopping = true;
        Process p = process;
        if (p == null) {
            return;
        }
        p.destroy();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
