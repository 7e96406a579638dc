package dev.localai.router.accounting;

import dev.localai.router.config.RouterConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The writer behind the request log, against sinks that fail the ways PostgreSQL and its driver do. */
class RequestLogWriterTest {

    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final Set<UUID> stored = ConcurrentHashMap.newKeySet();
    private final CountDownLatch never = new CountDownLatch(1);
    private RequestLog log;

    @AfterEach
    void stop() {
        never.countDown();
        if (log != null) {
            log.stop();
        }
    }

    @Test
    void goesOnWritingAfterTheDriverThrowsAnAssertionError() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        log = new RequestLog(rows -> {
            if (calls.incrementAndGet() == 1) {
                // what pgjdbc threw here with assertions on, when PostgreSQL went away mid-statement
                throw new AssertionError("pgStatement.getConnection().getAutoCommit() should not throw");
            }
            rows.forEach(r -> stored.add(r.id()));
        }, RequestLogWriterTest::free, config(Duration.ofSeconds(30)), metrics);
        log.start();
        List<UUID> ids = submit(20);
        await(() -> stored.containsAll(ids), "every row written after the failed attempt");
        // the sink has the rows before the writer hears back from it: wait for its books too
        await(() -> log.pending() == 0 && metrics.counter("router_request_log_written").count() == 20.0,
                "nothing pending, 20 counted as written");
        assertEquals(RequestLog.WriterState.WRITING, log.state().state());
        assertTrue(metrics.counter("router_request_log_write_failures").count() >= 1);
    }

    @Test
    void aWriterStuckInAWriteShowsAsStalledAndItsReplacementWritesTheSameBatch() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        log = new RequestLog(rows -> {
            if (calls.incrementAndGet() == 1) {
                never.await();                    // a statement on a frozen database that never returns
            }
            rows.forEach(r -> stored.add(r.id()));
        }, RequestLogWriterTest::free, config(Duration.ofSeconds(1)), metrics);
        log.start(false);
        List<UUID> ids = submit(5);
        await(() -> log.state().state() == RequestLog.WriterState.STALLED, "the stuck writer shows as stalled");
        assertEquals(5, log.pending(), "the stuck batch still counts as waiting");
        assertEquals(0.0, metrics.get("router_request_log_writer_up").gauge().value());

        log.supervise();
        await(() -> stored.containsAll(ids), "the new writer writes the batch the stuck one held");
        List<UUID> more = submit(5);
        await(() -> stored.containsAll(more), "and what comes after it");
        assertEquals(RequestLog.WriterState.WRITING, log.state().state());
        assertEquals(1.0, metrics.counter("router_request_log_writer_restarts").count());
        assertEquals(1.0, metrics.get("router_request_log_writer_up").gauge().value());
    }

    @Test
    void theWatchdogReplacesAStuckWriterByItself() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        log = new RequestLog(rows -> {
            if (calls.incrementAndGet() == 1) {
                never.await();
            }
            rows.forEach(r -> stored.add(r.id()));
        }, RequestLogWriterTest::free, config(Duration.ofSeconds(2)), metrics);
        log.start();
        List<UUID> ids = submit(50);
        await(() -> stored.containsAll(ids), "every row written by the replacement writer");
        await(() -> log.pending() == 0, "nothing pending");
        assertEquals(1.0, metrics.counter("router_request_log_writer_restarts").count());
    }

    @Test
    void retriesWithPausesThatNeverLookLikeAStall() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        log = new RequestLog(rows -> {
            if (calls.incrementAndGet() <= 6) {
                throw new java.sql.SQLException("Connection refused", "08001");
            }
            rows.forEach(r -> stored.add(r.id()));
        }, RequestLogWriterTest::free, config(Duration.ofSeconds(3)), metrics);
        log.start();
        List<UUID> ids = submit(3);
        await(() -> stored.containsAll(ids), "written once the database answers");
        assertEquals(0.0, metrics.counter("router_request_log_writer_restarts").count(),
                "a writer pausing between tries is alive, not stuck");
    }

    private List<UUID> submit(int n) {
        List<UUID> ids = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            UUID id = UUID.randomUUID();
            ids.add(id);
            LogRow row = new LogRow(id, Instant.now(), null, "auto", "fake", "fake-model", "test", List.of(), null,
                    false, 0, 0, false, 1.0, 1.0, 200, null, false, false, BigDecimal.ZERO, BigDecimal.ZERO, null, null,
                    null, 0, 0, BigDecimal.ZERO, null);
            log.submit(new LogDraft(row, 3, 3, 4, "", 0));
        }
        return ids;
    }

    private static LogRow free(LogDraft d) {
        return d.row().counted(d.usagePrompt(), d.usageCompletion(), false, BigDecimal.ZERO, BigDecimal.ZERO);
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting: " + what);
            }
            Thread.sleep(10);
        }
    }

    private static RouterConfig.Log config(Duration stall) {
        return new RouterConfig.Log() {
            public int buffer() { return 1000; }
            public int batch() { return 500; }
            public boolean content() { return false; }
            public Duration shutdownFlush() { return Duration.ofSeconds(2); }
            public Duration stallTimeout() { return stall; }
        };
    }
}
