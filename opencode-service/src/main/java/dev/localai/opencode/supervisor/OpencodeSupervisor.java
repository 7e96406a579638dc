package dev.localai.opencode.supervisor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.localai.opencode.BridgeError;
import dev.localai.opencode.ServedModel;
import dev.localai.opencode.config.BridgeConfig;
import dev.localai.opencode.config.OpencodeConfigJson;
import dev.localai.opencode.config.ServedModels;
import dev.localai.opencode.server.Endpoint;
import dev.localai.opencode.server.EventStream;
import dev.localai.opencode.server.OpencodeApi;
import dev.localai.opencode.server.OpencodeCallException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.jboss.logging.Logger;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Owns the OpenCode the bridge talks to: starts {@code opencode serve} ({@link Launch}) or, with
 * {@code opencode.url}, connects to one the user runs; waits for {@code GET /global/health}, boots the instance
 * (agents, providers) and opens the event stream; restarts it with a doubling backoff when it exits or its
 * stream breaks; stops it on shutdown. Every change of state happens on one thread, in order; requests read
 * the current {@link Connection} without locking. See this package's README for the state table.
 */
public final class OpencodeSupervisor {

    private static final Logger LOG = Logger.getLogger(OpencodeSupervisor.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private final BridgeConfig config;
    private final ServedModels models;
    private final Vertx vertx;
    private final OpencodeApi api;
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "opencode-supervisor");
        thread.setDaemon(true);
        return thread;
    });

    // written on the worker thread only; volatile for readers
    private volatile OpencodeStatus status;
    private volatile Connection connection;
    private volatile Process process;
    private volatile Launch launch;
    private volatile boolean stopping;
    private int runs;
    private int failuresInARow;
    private Instant readySince;

    public OpencodeSupervisor(BridgeConfig config, ServedModels models, Vertx vertx, OpencodeApi api) {
        this.config = config;
        this.models = models;
        this.vertx = vertx;
        this.api = api;
        this.status = new OpencodeStatus(OpencodeState.STARTING, Instant.now(), 0, null, null, null, -1, List.of());
    }

    /** Begins the first start; returns at once. */
    public void start() {
        worker.execute(this::launch);
    }

    /** The READY OpenCode, or a 503 that says why there is none. */
    public Connection connection() {
        Connection current = connection;
        if (current != null && current.events().isOpen()) {
            return current;
        }
        OpencodeStatus now = status;
        String why = switch (now.state()) {
            case STARTING -> "OpenCode is starting";
            case RESTARTING -> "OpenCode is restarting";
            case READY -> "OpenCode's event stream just closed";
            case STOPPED -> "the OpenCode bridge is shutting down";
        };
        throw BridgeError.unavailable(why + (now.lastError() == null ? "" : " (last failure: " + now.lastError() + ")"));
    }

    public OpencodeStatus status() {
        return status;
    }

    public OpencodeApi api() {
        return api;
    }

    /** Stops OpenCode (SIGTERM, then SIGKILL after 5 s) and the supervisor; waits for both. */
    public void stop() {
        stopping = true;
        try {
            worker.submit(() -> {
                Connection current = connection;
                connection = null;
                if (current != null) {
                    current.events().close("the OpenCode bridge is shutting down");
                }
                terminate(process);
                process = null;
                setStatus(OpencodeState.STOPPED, status.lastError());
            }).get(STOP_GRACE.toSeconds() + 10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warnf("stopping OpenCode did not finish cleanly: %s", e.getMessage());
            terminate(process);
        } finally {
            worker.shutdownNow();
            api.close();
        }
    }

    /** The process id of the running OpenCode, or -1 (not started by the bridge, or not running). */
    public long pid() {
        Process current = process;
        return current != null && current.isAlive() ? current.pid() : -1;
    }

    /** The password of the OpenCode this supervisor started last, or null; for tests in this package. */
    String password() {
        Launch current = launch;
        return current == null ? null : current.password;
    }

    // ---- on the worker thread

    private void launch() {
        if (stopping) {
            return;
        }
        runs++;
        setStatus(OpencodeState.STARTING, status.lastError());
        long deadline = System.nanoTime() + config.startTimeout().toNanos();
        Process started = null;
        try {
            Endpoint endpoint;
            if (config.url().isPresent()) {
                URI url = config.url().get();
                endpoint = Endpoint.of(url.getHost(), url.getPort() < 0 ? 80 : url.getPort(),
                        config.password().orElse(null));
            } else {
                Launch next = Launch.prepare(config, models, runs);
                started = next.start(config);
                launch = next;
                process = started;
                Process watched = started;
                started.onExit().thenRun(() -> worker.execute(() -> exited(watched)));
                int port = next.port.get(remaining(deadline).toMillis(), TimeUnit.MILLISECONDS);
                endpoint = Endpoint.of("127.0.0.1", port, next.password);
            }
            String version = awaitHealthy(endpoint, deadline, started);
            Set<String> images = new HashSet<>();
            Set<String> available = bootInstance(endpoint, deadline, images);
            Process owner = started;
            EventStream events = await(EventStream.connect(vertx, endpoint, remaining(deadline),
                    reason -> worker.execute(() -> streamLost(owner, reason))), deadline);
            connection = new Connection(endpoint, events, Set.copyOf(available), Set.copyOf(images));
            readySince = Instant.now();
            List<String> missing = missing(available);
            status = new OpencodeStatus(OpencodeState.READY, readySince, Math.max(0, runs - 1), null, version,
                    endpoint.baseUrl(), started == null ? -1 : started.pid(), missing);
            LOG.infof("OpenCode %s is ready at %s%s", version, endpoint.baseUrl(), missing.isEmpty() ? ""
                    : "; it has no model for " + String.join(", ", missing) + " (credentials? opencode auth login)");
        } catch (Exception e) {
            String why = describe(e);
            Launch failed = launch;
            if (started != null && failed != null) {
                String tail = failed.tail(15);
                why += tail.isBlank() ? "" : "; last lines of " + failed.log + ":\n" + tail;
            }
            LOG.warnf("OpenCode did not start: %s", why);
            if (started != null) {
                process = null;               // its exit is this failure, not a second one
                terminate(started);
            }
            retryLater(why);
        }
    }

    private String awaitHealthy(Endpoint endpoint, long deadline, Process started) throws Exception {
        Exception last = null;
        while (System.nanoTime() < deadline) {
            if (started != null && !started.isAlive()) {
                throw new IllegalStateException("OpenCode exited with status " + started.exitValue()
                        + " before it was healthy");
            }
            try {
                return await(api.health(endpoint, Duration.ofSeconds(2)), deadline);
            } catch (OpencodeCallException e) {
                if (e.status() == 401) {
                    throw new IllegalStateException("OpenCode at " + endpoint.baseUrl() + " refused the password"
                            + " (HTTP 401)" + (config.url().isPresent() ? ": check opencode.password" : ""));
                }
                last = e;
            } catch (Exception e) {
                last = last == null ? e : last;       // a timeout says less than an earlier answer did
            }
            Thread.sleep(POLL.toMillis());
        }
        throw new IllegalStateException("OpenCode was not healthy at " + endpoint.baseUrl() + " within "
                + config.startTimeout().toSeconds() + " s" + (last == null ? "" : ": " + describe(last)));
    }

    /** Boots the instance (the first call of a directory does) and reads which models it has, and takes images. */
    private Set<String> bootInstance(Endpoint endpoint, long deadline, Set<String> images) throws Exception {
        JsonNode agents = await(api.agents(endpoint, remaining(deadline)), deadline);
        boolean hasAgent = false;
        for (JsonNode agent : agents) {
            hasAgent |= OpencodeConfigJson.AGENT.equals(agent.path("name").asText());
        }
        if (!hasAgent) {
            throw new IllegalStateException("OpenCode at " + endpoint.baseUrl() + " has no agent '"
                    + OpencodeConfigJson.AGENT + "'" + (config.url().isPresent()
                    ? "; an OpenCode of your own needs the bridge's agent and plugin in its configuration" : ""));
        }
        JsonNode providers = await(api.providers(endpoint, remaining(deadline)), deadline);
        Set<String> available = new HashSet<>();
        for (JsonNode provider : providers.path("providers")) {
            String id = provider.path("id").asText();
            provider.path("models").fields().forEachRemaining(model -> {
                available.add(id + "/" + model.getKey());
                if (model.getValue().path("capabilities").path("input").path("image").asBoolean(false)) {
                    images.add(id + "/" + model.getKey());
                }
            });
        }
        return available;
    }

    private List<String> missing(Set<String> available) {
        List<String> missing = new ArrayList<>();
        for (ServedModel model : models.all()) {
            if (!available.contains(model.target())) {
                missing.add(model.name() + " (" + model.target() + ")");
            }
        }
        return missing;
    }

    private void exited(Process dead) {
        if (dead != process || stopping) {
            return;
        }
        process = null;
        String why = "OpenCode exited with status " + dead.exitValue();
        LOG.warnf("%s; restarting it", why);
        dropConnection(why);
        retryLater(why);
    }

    private void streamLost(Process owner, String reason) {
        if (stopping || owner != process) {
            return;
        }
        LOG.warnf("OpenCode's event stream ended (%s); %s", reason, owner == null ? "reconnecting" : "restarting it");
        dropConnection(reason);
        if (owner != null) {
            process = null;
            terminate(owner);
        }
        retryLater(reason);
    }

    private void dropConnection(String why) {
        Connection current = connection;
        connection = null;
        if (current != null) {
            current.events().close(why);
        }
        if (readySince != null && Duration.between(readySince, Instant.now()).compareTo(config.restart().maxDelay()) >= 0) {
            failuresInARow = 0;            // it had been up a while: start the backoff over
        }
        readySince = null;
    }

    private void retryLater(String why) {
        if (stopping) {
            return;
        }
        failuresInARow++;
        long initial = config.restart().initialDelay().toMillis();
        long delay = Math.min(config.restart().maxDelay().toMillis(), initial << Math.min(failuresInARow - 1, 20));
        setStatus(OpencodeState.RESTARTING, why);
        worker.schedule(this::launch, delay, TimeUnit.MILLISECONDS);
    }

    private void setStatus(OpencodeState state, String lastError) {
        OpencodeStatus before = status;
        status = new OpencodeStatus(state, Instant.now(), Math.max(0, runs - 1), lastError, before.version(),
                before.url(), pid(), before.missingModels());
    }

    private static void terminate(Process p) {
        if (p == null || !p.isAlive()) {
            return;
        }
        p.destroy();
        try {
            if (!p.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static <T> T await(Future<T> future, long deadline) throws Exception {
        try {
            return future.toCompletionStage().toCompletableFuture()
                    .get(Math.max(1, remaining(deadline).toMillis()), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime()));
    }

    private static String describe(Throwable e) {
        if (e instanceof java.util.concurrent.TimeoutException) {
            return "timed out";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
