package dev.localai.router.accounting;

import dev.localai.router.config.RouterConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.inject.Singleton;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The request log: one row per request, written behind the response by one writer thread, in
 * batches. {@link #submit} never blocks and never touches the database. While PostgreSQL is down the
 * rows wait in a bounded buffer ({@code router.log.buffer}) and the writer retries the same batch
 * with a growing pause; when PostgreSQL is back everything waiting is written. On shutdown the
 * writer keeps going for up to {@code router.log.shutdown-flush}. A row is lost only when the buffer
 * overflows or the shutdown deadline passes, and both are counted and logged.
 *
 * <p>The writer is supervised. Whatever a write throws (an {@code SQLException}, a driver's
 * {@code AssertionError}, anything) is one failed attempt and the writer goes on. A watchdog checks
 * it every second: a writer thread that died, or one that has shown no sign of life for
 * {@code router.log.stall-timeout} (a write stuck on a frozen database), is replaced by a new one,
 * which takes over the batch in hand, so no row is dropped with the old thread. A write that the
 * stuck thread finishes late is harmless: rows carry their own ids and a second insert is skipped.
 * {@link #state} feeds {@code /q/health/ready}; restarts and liveness are metrics.
 */
@Singleton
public class RequestLog {

    private static final Logger LOG = Logger.getLogger(RequestLog.class);
    private static final Duration MAX_PAUSE = Duration.ofSeconds(5);

    /** Where rows go: PostgreSQL in the service, anything in a test. */
    @FunctionalInterface
    public interface Sink {
        void write(List<LogRow> rows) throws Exception;
    }

    /** What the writer is doing, as readiness shows it. */
    public enum WriterState { WRITING, RETRYING, STALLED, STOPPED }

    /** A snapshot for readiness: the state, rows waiting, the oldest one's age and restarts so far. */
    public record Status(WriterState state, int pending, Duration oldestPending, long restarts, String lastError) {
    }

    private final Sink sink;
    private final Function<LogDraft, LogRow> counting;
    private final RouterConfig.Log config;
    private final BlockingQueue<LogDraft> queue;
    /** The prepared batch the current writer is writing; a replacement writer takes it over. */
    private final AtomicReference<List<LogRow>> inHand = new AtomicReference<>();
    private final Counter written;
    private final Counter dropped;
    private final Counter writeFailures;
    private final Counter restarts;
    private final Map<String, BackendCounters> backendCounters = new java.util.concurrent.ConcurrentHashMap<>();
    private final MeterRegistry registry;
    private final long stallNanos;
    /** The longest pause between two tries; well under the stall timeout, so a pause never looks stuck. */
    private final long maxPauseMillis;
    private volatile boolean running = true;
    private volatile long flushDeadline = Long.MAX_VALUE;
    private volatile boolean databaseDown;
    private volatile String lastError;
    private volatile Writer writer;
    private ScheduledExecutorService watchdog;

    @Inject
    public RequestLog(RequestLogStore store, Costing costing, RequestMetrics metrics, RouterConfig config,
                      MeterRegistry registry) {
        this(store::write, draft -> metrics.record(costing.count(draft)), config.log(), registry);
    }

    /** Without CDI (tests): any sink, any costing. */
    public RequestLog(Sink sink, Function<LogDraft, LogRow> counting, RouterConfig.Log config,
                      MeterRegistry registry) {
        this.sink = sink;
        this.counting = counting;
        this.config = config;
        this.registry = registry;
        this.stallNanos = config.stallTimeout().toNanos();
        this.maxPauseMillis = Math.max(10, Math.min(MAX_PAUSE.toMillis(), config.stallTimeout().toMillis() / 3));
        this.queue = new ArrayBlockingQueue<>(config.buffer());
        this.written = Counter.builder("router_request_log_written").description("Request-log rows written")
                .register(registry);
        this.dropped = Counter.builder("router_request_log_dropped")
                .description("Request-log rows lost: buffer full while PostgreSQL was down, or shutdown deadline")
                .register(registry);
        this.writeFailures = Counter.builder("router_request_log_write_failures")
                .description("Failed attempts to write a batch of request-log rows").register(registry);
        this.restarts = Counter.builder("router_request_log_writer_restarts")
                .description("Times the request-log writer died or stalled and was replaced").register(registry);
        Gauge.builder("router_request_log_pending", this, RequestLog::pending)
                .description("Request-log rows waiting to be written").register(registry);
        Gauge.builder("router_request_log_oldest_pending_seconds", this, r -> r.oldestPending().toMillis() / 1000.0)
                .description("Age of the oldest request-log row still waiting").register(registry);
        Gauge.builder("router_request_log_writer_up", this, r -> r.state().state() == WriterState.STALLED
                        || r.state().state() == WriterState.STOPPED ? 0 : 1)
                .description("1 while the request-log writer is alive and making progress").register(registry);
    }

    void start(@Observes StartupEvent start) {
        start();
    }

    /** Starts the writer and its watchdog. */
    public void start() {
        start(true);
    }

    /** Starts the writer, and the watchdog unless a test calls {@link #supervise} itself. */
    synchronized void start(boolean supervised) {
        startWriter();
        if (!supervised) {
            return;
        }
        watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "request-log-watchdog");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(10, Math.min(1000, config.stallTimeout().toMillis() / 4));
        watchdog.scheduleWithFixedDelay(this::supervise, every, every, TimeUnit.MILLISECONDS);
    }

    /** Hands a finished request to the log. Never blocks. */
    public void submit(LogDraft request) {
        if (!queue.offer(request)) {
            dropped.increment();
            if ((long) dropped.count() % 1000 == 1) {
                LOG.errorf("request log buffer full (%d rows waiting for PostgreSQL): rows are being lost",
                        queue.size());
            }
        }
    }

    /** Rows not yet written. */
    public int pending() {
        List<LogRow> batch = inHand.get();
        return queue.size() + (batch == null ? 0 : batch.size());
    }

    /** How long the oldest waiting row has waited; zero when none waits. */
    public Duration oldestPending() {
        List<LogRow> batch = inHand.get();
        Instant oldest = batch != null && !batch.isEmpty() ? batch.get(0).ts()
                : java.util.Optional.ofNullable(queue.peek()).map(d -> d.row().ts()).orElse(null);
        return oldest == null ? Duration.ZERO : Duration.between(oldest, Instant.now());
    }

    public Status state() {
        Writer w = writer;
        WriterState state = w == null || !w.thread.isAlive() ? WriterState.STOPPED
                : System.nanoTime() - w.heartbeat > stallNanos ? WriterState.STALLED
                : databaseDown ? WriterState.RETRYING : WriterState.WRITING;
        return new Status(state, pending(), oldestPending(), (long) restarts.count(), lastError);
    }

    /** The watchdog: replaces a writer that died or stalled. */
    synchronized void supervise() {
        if (writer == null || !running && queue.isEmpty() && inHand.get() == null) {
            return;
        }
        WriterState state = state().state();
        if (state == WriterState.STOPPED || state == WriterState.STALLED) {
            LOG.errorf("request log: the writer %s; starting a new one (%d rows waiting)",
                    state == WriterState.STOPPED ? "stopped" : "has been stuck for over "
                            + config.stallTimeout().toMillis() + " ms", pending());
            Writer old = writer;
            startWriter();
            old.thread.interrupt();
            restarts.increment();
        }
    }

    private void startWriter() {
        Writer next = new Writer();
        writer = next;
        next.thread.start();
    }

    /** One writer thread; a newer one supersedes it, and then it stops as soon as it can. */
    private final class Writer implements Runnable {
        final Thread thread = new Thread(this, "request-log-writer");
        volatile long heartbeat = System.nanoTime();

        Writer() {
            thread.setDaemon(true);
        }

        boolean current() {
            return writer == this;
        }

        @Override
        public void run() {
            while (current() && (running || !queue.isEmpty() || inHand.get() != null)) {
                heartbeat = System.nanoTime();
                List<LogRow> rows = inHand.get();
                try {
                    if (rows == null) {
                        rows = take();
                        if (rows == null) {
                            continue;
                        }
                    }
                    if (writeUntilDone(rows)) {
                        inHand.compareAndSet(rows, null);
                    }
                } catch (InterruptedException e) {
                    if (current()) {
                        continue;               // a stray interrupt; only a successor ends this writer
                    }
                    return;
                } catch (Throwable e) {
                    // not from a write (those are retried): keep going, the batch stays in hand
                    LOG.errorf(e, "request log: the writer hit an unexpected error; it goes on");
                }
            }
        }

        /** The next batch, prepared and put in hand; null when nothing arrived for a while. */
        private List<LogRow> take() throws InterruptedException {
            LogDraft first = queue.poll(200, TimeUnit.MILLISECONDS);
            if (first == null) {
                return null;
            }
            List<LogDraft> batch = new ArrayList<>(config.batch());
            batch.add(first);
            queue.drainTo(batch, config.batch() - 1);
            List<LogRow> rows = new ArrayList<>(batch.size());
            try {
                for (LogDraft request : batch) {
                    rows.add(row(request));
                }
            } catch (Throwable e) {
                LOG.errorf(e, "request log: %d rows could not be prepared and are lost", batch.size());
                dropped.increment(batch.size());
                return null;
            }
            inHand.set(rows);
            return rows;
        }

        /** True when written (or given up at the shutdown deadline); false when superseded. */
        private boolean writeUntilDone(List<LogRow> rows) throws InterruptedException {
            long pause = 100;
            while (current()) {
                heartbeat = System.nanoTime();
                try {
                    sink.write(rows);
                    if (!current()) {
                        return false;           // a successor took this batch over; it counts it
                    }
                    written.increment(rows.size());
                    if (databaseDown) {
                        databaseDown = false;
                        LOG.infof("request log: PostgreSQL is back; writing the %d rows that waited", pending());
                    }
                    return true;
                } catch (Throwable e) {
                    if (e instanceof InterruptedException) {
                        throw (InterruptedException) e;
                    }
                    writeFailures.increment();
                    lastError = e.toString();
                    if (!databaseDown) {
                        databaseDown = true;
                        LOG.warnf("request log: cannot write to PostgreSQL (%s); rows wait in memory, up to %d",
                                e, config.buffer());
                    }
                    if (System.nanoTime() > flushDeadline) {
                        LOG.errorf("request log: shutting down with %d rows unwritten", pending());
                        dropped.increment(pending());
                        queue.clear();
                        return true;
                    }
                    heartbeat = System.nanoTime();
                    Thread.sleep(pause);
                    pause = Math.min(pause * 2, maxPauseMillis);
                }
            }
            return false;
        }
    }

    private LogRow row(LogDraft draft) {
        LogRow row = counting.apply(draft);
        String backend = row.backend() == null ? "none" : row.backend();
        BackendCounters counters = backendCounters.computeIfAbsent(backend, this::countersOf);
        counters.cost.increment(row.costUsd().doubleValue());
        counters.saved.increment(row.savedUsd().doubleValue());
        counters.promptTokens.increment(row.promptTokens());
        counters.completionTokens.increment(row.completionTokens());
        return row;
    }

    /** A backend's cost, savings and token counters, looked up once rather than by name and tags per row. */
    private record BackendCounters(Counter cost, Counter saved, Counter promptTokens, Counter completionTokens) {
    }

    private BackendCounters countersOf(String backend) {
        return new BackendCounters(registry.counter("router_cost_usd", "backend", backend),
                registry.counter("router_saved_usd", "backend", backend),
                registry.counter("router_tokens", "backend", backend, "kind", "prompt"),
                registry.counter("router_tokens", "backend", backend, "kind", "completion"));
    }

    void stop(@Observes ShutdownEvent stop) {
        stop();
    }

    /** Writes what waits for up to {@code shutdown-flush}, then stops the writer and the watchdog. */
    public void stop() {
        flushDeadline = System.nanoTime() + config.shutdownFlush().toNanos();
        running = false;
        Writer w = writer;
        if (w == null) {
            return;
        }
        long until = System.nanoTime() + config.shutdownFlush().toNanos() + maxPauseMillis * 1_000_000L;
        try {
            while (pending() > 0 && System.nanoTime() < until) {
                Writer now = writer;
                now.thread.join(Math.max(1, (until - System.nanoTime()) / 1_000_000));
                if (now == writer) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (watchdog != null) {
            watchdog.shutdownNow();
        }
        if (pending() > 0) {
            LOG.errorf("request log: %d rows were not written before shutdown", pending());
        }
    }
}
