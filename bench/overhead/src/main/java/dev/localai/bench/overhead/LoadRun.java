package dev.localai.bench.overhead;

import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import org.HdrHistogram.Histogram;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Non-streaming load against one URL, on one Vert.x event loop with a keep-alive connection pool.
 *
 * <p>{@link #fixedRate} is open-loop: request {@code i} is due at {@code start + i/rate} whether or
 * not earlier ones have answered, and its latency is counted from when it was due, so a stall shows
 * up in the figures instead of silently lowering the rate (no coordinated omission).
 * {@link #saturate} is closed-loop: a fixed number of clients, each sending its next request as soon
 * as the previous one is answered; it finds the highest rate the path sustains.
 */
final class LoadRun {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final Vertx vertx;
    private final HttpClient client;
    private final RequestOptions options;
    private final Buffer body;

    LoadRun(Vertx vertx, String url, String body, int connections) {
        this.vertx = vertx;
        URI uri = URI.create(url);
        this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setMaxPoolSize(connections)
                .setTcpNoDelay(true).setMaxWaitQueueSize(-1));
        this.options = new RequestOptions().setMethod(HttpMethod.POST).setHost(uri.getHost()).setPort(uri.getPort())
                .setURI(uri.getPath()).putHeader("Content-Type", "application/json")
                .setIdleTimeout(REQUEST_TIMEOUT.toMillis());
        this.body = Buffer.buffer(body);
    }

    /** Sends {@code rate} requests per second for {@code duration}, open-loop. */
    Latency fixedRate(int rate, Duration duration) throws Exception {
        long total = rate * duration.toSeconds();
        long intervalNanos = TimeUnit.SECONDS.toNanos(1) / rate;
        Histogram histogram = Latency.histogram();
        long[] counts = new long[3];                 // sent, ok, failed; touched on the event loop only
        Promise<Void> finished = Promise.promise();
        Context context = vertx.getOrCreateContext();
        long[] startedAt = new long[1];
        context.runOnContext(v -> {
            long start = System.nanoTime();
            startedAt[0] = start;
            vertx.setPeriodic(1, timer -> {
                long now = System.nanoTime();
                while (counts[0] < total && start + counts[0] * intervalNanos <= now) {
                    long due = start + counts[0] * intervalNanos;
                    counts[0]++;
                    send(due, histogram, counts, total, finished);
                }
                if (counts[0] >= total) {
                    vertx.cancelTimer(timer);
                }
            });
        });
        finished.future().toCompletionStage().toCompletableFuture()
                .get(duration.toSeconds() + REQUEST_TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - startedAt[0]) / 1e9;
        return Latency.of(histogram, counts[0], counts[1], counts[2], seconds);
    }

    /** {@code clients} closed-loop clients for {@code duration}. */
    Latency saturate(int clients, Duration duration) throws Exception {
        Histogram histogram = Latency.histogram();
        long[] counts = new long[3];
        Promise<Void> finished = Promise.promise();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        int[] running = {clients};
        Context context = vertx.getOrCreateContext();
        context.runOnContext(v -> {
            for (int i = 0; i < clients; i++) {
                loop(end, histogram, counts, running, finished);
            }
        });
        finished.future().toCompletionStage().toCompletableFuture()
                .get(duration.toSeconds() + REQUEST_TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - start) / 1e9;
        return Latency.of(histogram, counts[0], counts[1], counts[2], seconds);
    }

    private void loop(long end, Histogram histogram, long[] counts, int[] running, Promise<Void> finished) {
        if (System.nanoTime() >= end) {
            if (--running[0] == 0) {
                finished.tryComplete();
            }
            return;
        }
        counts[0]++;
        long sentAt = System.nanoTime();
        exchange().onComplete(ar -> {
            record(sentAt, ar.succeeded() && ar.result() == 200, histogram, counts);
            loop(end, histogram, counts, running, finished);
        });
    }

    private void send(long due, Histogram histogram, long[] counts, long total, Promise<Void> finished) {
        exchange().onComplete(ar -> {
            record(due, ar.succeeded() && ar.result() == 200, histogram, counts);
            if (counts[1] + counts[2] == total) {
                finished.tryComplete();
            }
        });
    }

    private io.vertx.core.Future<Integer> exchange() {
        return client.request(options)
                .compose(request -> request.send(body))
                .compose(response -> response.body().map(ignored -> response.statusCode()));
    }

    private static void record(long from, boolean ok, Histogram histogram, long[] counts) {
        histogram.recordValue(Math.max(0, (System.nanoTime() - from) / 1000));
        counts[ok ? 1 : 2]++;
    }

    void close() {
        client.close();
    }
}
