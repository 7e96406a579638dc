package dev.localai.standins.server;

import dev.localai.standins.upstream.RecordedRequest;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * What every stub server is: its own Vert.x instance (one event loop, timers only, never a sleep) and an HTTP/1.1
 * server bound to 127.0.0.1 (no h2c upgrade, {@code Expect: 100-continue} answered) that records every request
 * once its body has arrived, before its {@link Routes} answer it (a WebSocket upgrade taken by {@link Upgrades} is
 * recorded as it arrives). A stub can stop listening and listen again on
 * the same port. The blocking methods (listening, {@link #close}) wait at most 10 s and must not be called on the
 * stub's own event loop; their errors name the stub.
 */
public abstract class LoopbackStub implements AutoCloseable {

    /** Answers one request whose body has arrived and been recorded; runs on the event loop. */
    public interface Routes {
        void answer(HttpServerRequest request, Buffer body);
    }

    /**
     * Takes a WebSocket upgrade request ({@code Upgrade: websocket}), recorded with an empty body, before anything
     * of it is read, so it can call {@link HttpServerRequest#toWebSocket()} and keep {@link HttpServerRequest#connection()};
     * runs on the event loop.
     */
    public interface Upgrades {
        void upgrade(HttpServerRequest request);
    }

    private static final String HOST = "127.0.0.1";

    protected final RequestLedger ledger;
    private final String name;
    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1)
            .setInternalBlockingPoolSize(1).setFileSystemOptions(new FileSystemOptions().setFileCachingEnabled(false)
                    .setClassPathResolvingEnabled(false)));
    private HttpServer server;                                            // guarded by this
    private boolean closed;                                               // guarded by this
    private volatile int port;

    /** A Vert.x instance, not listening yet; {@code name} (e.g. {@code "Ollama stub"}) starts its error messages. */
    protected LoopbackStub(String name) {
        this.name = name;
        this.ledger = new RequestLedger("the " + name);
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String baseUrl() {
        return "http://" + HOST + ":" + port;
    }

    /** The port it listens on, or listened on last. */
    public int port() {
        return port;
    }

    /** Every request received since the start or the last {@code reset()}, in order (a copy). */
    public List<RecordedRequest> requests() {
        return ledger.requests();
    }

    public int requestCount() {
        return ledger.requestCount();
    }

    /** The last request received; throws when there was none. */
    public RecordedRequest lastRequest() {
        return ledger.lastRequest();
    }

    /** Waits until {@link #requestCount()} reaches {@code count}; false on timeout or interrupt. */
    public boolean awaitRequests(int count, Duration timeout) {
        return ledger.awaitRequests(count, timeout);
    }

    /** Stops listening, closes every connection and the Vert.x instance. Idempotent. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            server = null;
            await(vertx.close(), "close");
        }
    }

    /** The instance the routes run on, for their timers. */
    protected final Vertx vertx() {
        return vertx;
    }

    /** Listens for the first time, as {@link #listen}; when it cannot, closes the stub and throws. */
    protected final void listenOrClose(int wanted, Routes routes) {
        listenOrClose(wanted, routes, null);
    }

    /** Listens for the first time, as {@link #listen(int, Routes, Upgrades)}; when it cannot, closes the stub and throws. */
    protected final void listenOrClose(int wanted, Routes routes, Upgrades upgrades) {
        try {
            listen(wanted, routes, upgrades);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Listens on {@code wanted} of 127.0.0.1 (0: a random free port) with {@code routes}; throws if it cannot. */
    protected final void listen(int wanted, Routes routes) {
        listen(wanted, routes, null);
    }

    /**
     * Listens on {@code wanted} of 127.0.0.1 (0: a random free port): WebSocket upgrades go to {@code upgrades}
     * (null: they are answered by {@code routes} like any request), everything else to {@code routes}; throws if it
     * cannot listen.
     */
    protected final synchronized void listen(int wanted, Routes routes, Upgrades upgrades) {
        requireOpen();
        HttpServer created = vertx.createHttpServer(new HttpServerOptions().setHost(HOST).setPort(wanted)
                        .setReuseAddress(true).setHttp2ClearTextEnabled(false).setHandle100ContinueAutomatically(true))
                .requestHandler(request -> {
                    if (upgrades != null && "websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
                        ledger.record(request, Buffer.buffer());
                        upgrades.upgrade(request);
                        return;
                    }
                    request.body().onSuccess(body -> {
                        ledger.record(request, body);
                        routes.answer(request, body);
                    });
                });
        server = await(created.listen(), "listen on " + HOST + ":" + wanted);
        port = server.actualPort();
    }

    /**
     * Runs {@code action} on the stub's event loop and returns its result, for test-side methods that change state
     * the routes own; waits at most 10 s, and must not be called on that event loop.
     */
    protected final <T> T onEventLoop(String what, Callable<T> action) {
        Promise<T> done = Promise.promise();
        vertx.runOnContext(v -> {
            try {
                done.complete(action.call());
            } catch (Exception | AssertionError e) {
                done.fail(e);
            }
        });
        return await(done.future(), what);
    }

    /** Waits at most 10 s for {@code future}, which the event loop completes; not to be called on that event loop. */
    protected final <T> T awaitResult(Future<T> future, String what) {
        return await(future, what);
    }

    protected final synchronized boolean isListening() {
        return server != null;
    }

    /** Closes the listening socket and the connections it accepted; {@link #port()} stays. */
    protected final synchronized void stopListening() {
        if (server != null) {
            HttpServer closing = server;
            server = null;
            await(closing.close(), "stop listening");
            awaitRefused(port);
        }
    }

    /**
     * Until a connection to {@code port} is refused (at most 5 s): the close's future may complete a moment before
     * the kernel stops accepting, and a caller that stopped listening counts on a refusal at once.
     */
    private static void awaitRefused(int port) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            try {
                connectFromAnotherPort(port, Duration.ofMillis(200));
            } catch (java.io.IOException refused) {
                return;                                     // refused, or not accepting either
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new IllegalStateException("127.0.0.1:" + port + " still accepts connections 5 s after it stopped listening");
    }

    /**
     * Connects to {@code port} of 127.0.0.1 and closes again, from a local port that is not {@code port}: Linux lets
     * a socket whose ephemeral source port happens to equal a closed destination port on 127.0.0.1 connect to
     * itself. Throws {@link java.net.ConnectException} when nothing listens there.
     */
    public static void connectFromAnotherPort(int port, Duration timeout) throws java.io.IOException {
        while (true) {
            try (java.net.Socket socket = new java.net.Socket()) {
                socket.bind(new java.net.InetSocketAddress(HOST, 0));
                if (socket.getLocalPort() == port) {
                    continue;
                }
                socket.connect(new java.net.InetSocketAddress(HOST, port), (int) timeout.toMillis());
                return;
            }
        }
    }

    /** Throws {@link IllegalStateException} once {@link #close()} has been called. */
    protected final synchronized void requireOpen() {
        if (closed) {
            throw new IllegalStateException(name + " is closed");
        }
    }

    private <T> T await(Future<T> future, String what) {
        Context context = Vertx.currentContext();
        if (context != null && context.owner() == vertx) {
            throw new IllegalStateException(name + ": cannot " + what + " from its own event loop");
        }
        try {
            return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(name + ": interrupted while waiting to " + what, e);
        } catch (Exception e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException(name + ": cannot " + what + ": " + cause.getMessage(), cause);
        }
    }
}
