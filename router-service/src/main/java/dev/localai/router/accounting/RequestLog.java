package dev.localai.router.accounting;

import dev.localai.router.config.RouterConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The request log: one row per request, written behind the response by one writer thread, in
 * batches. {@link #submit} never blocks and never touches the database. While PostgreSQL is down the
 * rows wait in a bounded buffer ({@code router.log.buffer}) and the writer retries the same batch
 * with a growing pause; when PostgreSQL is back everything waiting is written. On shutdown the
 * writer keeps going for up to {@code router.log.shutdown-flush}. A row is lost only when the buffer
 * overflows or the shutdown deadline passes, and both are counted and logged.
 */
@ApplicationScoped
public class RequestLog {

    private static final Logger LOG = Logger.getLogger(RequestLog.class);
    private static final Duration MAX_PAUSE = Duration.ofSeconds(5);

    private final RequestLogStore store;
    private final Costing costing;
    private final RouterConfig.Log config;
    private final BlockingQueue<LoggedRequest> queue;
    private final AtomicInteger inBatch = new AtomicInteger();
    private final Counter written;
    private final Counter dropped;
    private final Counter writeFailures;
    private final MeterRegistry registry;
    private volatile boolean running = true;
    private volatile long flushDeadline = Long.MAX_VALUE;
    private volatile boolean databaseDown;
    private Thread writer;

    public RequestLog(RequestLogStore store, Costing costing, RouterConfig config, MeterRegistry registry) {
        this.store = store;
        this.costing = costing;
        this.config = config.log();
        this.registry = registry;
        this.queue = new ArrayBlockingQueue<>(this.config.buffer());
        this.written = Counter.builder("router_request_log_written").description("Request-log rows written")
                .register(registry);
        this.dropped = Counter.builder("router_request_log_dropped")
                .description("Request-log rows lost: buffer full while PostgreSQL was down, or shutdown deadline")
                .register(registry);
        this.writeFailures = Counter.builder("router_request_log_write_failures")
                .description("Failed attempts to write a batch of request-log rows").register(registry);
        registry.gauge("router_request_log_pending", this, RequestLog::pending);
    }

    void start(@Observes StartupEvent start) {
        writer = new Thread(this::run, "request-log-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /** Hands a finished request to the log. Never blocks. */
    public void submit(LoggedRequest request) {
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
        return queue.size() + inBatch.get();
    }

    private void run() {
        List<LoggedRequest> batch = new ArrayList<>(config.batch());
        while (running || !queue.isEmpty()) {
            try {
                LoggedRequest first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, config.batch() - 1);
                inBatch.set(batch.size());
                writeUntilDone(rows(batch));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                LOG.errorf(e, "request log: %d rows could not be prepared and are lost", batch.size());
                dropped.increment(batch.size());
            } finally {
                batch.clear();
                inBatch.set(0);
            }
        }
    }

    private List<RequestLogStore.Row> rows(List<LoggedRequest> batch) {
        List<RequestLogStore.Row> rows = new ArrayList<>(batch.size());
        for (LoggedRequest request : batch) {
            Costing.Figures figures = costing.of(request);
            rows.add(new RequestLogStore.Row(request, figures, config.content()));
            String backend = request.backend() == null ? "none" : request.backend();
            registry.counter("router_cost_usd", "backend", backend).increment(figures.cost());
            registry.counter("router_saved_usd", "backend", backend).increment(figures.saved());
            registry.counter("router_tokens", "backend", backend, "kind", "prompt").increment(figures.promptTokens());
            registry.counter("router_tokens", "backend", backend, "kind", "completion")
                    .increment(figures.completionTokens());
        }
        return rows;
    }

    private void writeUntilDone(List<RequestLogStore.Row> rows) throws InterruptedException {
        long pause = 100;
        while (true) {
            try {
                store.write(rows);
                written.increment(rows.size());
                if (databaseDown) {
                    databaseDown = false;
                    LOG.infof("request log: PostgreSQL is back; writing the %d rows that waited", pending());
                }
                return;
            } catch (SQLException | RuntimeException e) {
                writeFailures.increment();
                if (!databaseDown) {
                    databaseDown = true;
                    LOG.warnf("request log: cannot write to PostgreSQL (%s); rows wait in memory, up to %d",
                            e.getMessage(), config.buffer());
                }
                if (System.nanoTime() > flushDeadline) {
                    LOG.errorf("request log: shutting down with %d rows unwritten", pending());
                    dropped.increment(pending());
                    queue.clear();
                    return;
                }
                Thread.sleep(pause);
                pause = Math.min(pause * 2, MAX_PAUSE.toMillis());
            }
        }
    }

    void stop(@Observes ShutdownEvent stop) {
        flushDeadline = System.nanoTime() + config.shutdownFlush().toNanos();
        running = false;
        if (writer == null) {
            return;
        }
        try {
            writer.join(config.shutdownFlush().toMillis() + MAX_PAUSE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (pending() > 0) {
            LOG.errorf("request log: %d rows were not written before shutdown", pending());
        }
    }
}
