package dev.localai.bench.overhead;

import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import org.HdrHistogram.Histogram;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Streams, started at a fixed rate: time to first token (from sending the request to the first
 * content chunk), and for every content chunk how long it took from the upstream's write to this
 * client (the upstream stamps each chunk with {@code System.nanoTime()}; it runs in this JVM). The
 * same figures direct and through the router show what the router adds, and whether it holds any
 * chunk back.
 */
final class StreamProbe {

    /** Figures of one probe, microseconds. */
    record Result(long streams, long complete, long chunks, Histogram ttft, Histogram chunkDelay, long over1ms) {
    }

    private final Vertx vertx;
    private final HttpClient client;
    private final RequestOptions options;
    private final Buffer body;

    StreamProbe(Vertx vertx, String url, String body) {
        this(vertx, url, body, java.util.Map.of());
    }

    /** With extra request headers (a routing rule that matches a header, say). */
    StreamProbe(Vertx vertx, String url, String body, java.util.Map<String, String> headers) {
        this.vertx = vertx;
        URI uri = URI.create(url);
        this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setMaxPoolSize(500)
                .setTcpNoDelay(true));
        this.options = new RequestOptions().setMethod(HttpMethod.POST).setHost(uri.getHost()).setPort(uri.getPort())
                .setURI(uri.getPath()).putHeader("Content-Type", "application/json").setIdleTimeout(30_000);
        headers.forEach(this.options::putHeader);
        this.body = Buffer.buffer(body);
    }

    Result run(int streamsPerSecond, Duration duration) throws Exception {
        long total = streamsPerSecond * duration.toSeconds();
        long interval = TimeUnit.SECONDS.toNanos(1) / streamsPerSecond;
        Histogram ttft = Latency.histogram();
        Histogram delay = Latency.histogram();
        long[] counts = new long[4];                // started, complete, failed, chunks; event loop only
        long[] over = new long[1];
        Promise<Void> finished = Promise.promise();
        Context context = vertx.getOrCreateContext();
        context.runOnContext(v -> {
            long start = System.nanoTime();
            vertx.setPeriodic(1, timer -> {
                while (counts[0] < total && start + counts[0] * interval <= System.nanoTime()) {
                    counts[0]++;
                    stream(ttft, delay, counts, over).onComplete(ar -> {
                        counts[ar.succeeded() ? 1 : 2]++;
                        if (counts[1] + counts[2] == total) {
                            finished.tryComplete();
                        }
                    });
                }
                if (counts[0] >= total) {
                    vertx.cancelTimer(timer);
                }
            });
        });
        finished.future().toCompletionStage().toCompletableFuture().get(duration.toSeconds() + 60, TimeUnit.SECONDS);
        return new Result(counts[0], counts[1], counts[3], ttft, delay, over[0]);
    }

    private io.vertx.core.Future<Void> stream(Histogram ttft, Histogram delay, long[] counts, long[] over) {
        long sentAt = System.nanoTime();
        return client.request(options).compose(request -> request.send(body)).compose(response -> {
            if (response.statusCode() != 200) {
                return response.body().compose(b -> io.vertx.core.Future.failedFuture("status " + response.statusCode()));
            }
            return read(response, sentAt, ttft, delay, counts, over);
        });
    }

    private static io.vertx.core.Future<Void> read(HttpClientResponse response, long sentAt, Histogram ttft,
                                                   Histogram delay, long[] counts, long[] over) {
        Promise<Void> done = Promise.promise();
        StringBuilder pending = new StringBuilder();
        boolean[] first = {true};
        boolean[] sawDone = {false};
        response.handler(buffer -> {
            long arrived = System.nanoTime();
            pending.append(buffer.toString());
            int end;
            while ((end = pending.indexOf("\n\n")) >= 0) {
                String event = pending.substring(0, end);
                pending.delete(0, end + 2);
                if (event.startsWith("data: [DONE]")) {
                    sawDone[0] = true;
                    continue;
                }
                int at = event.indexOf("\"content\":\"t");
                if (at < 0) {
                    continue;
                }
                int from = at + "\"content\":\"t".length();
                int to = event.indexOf(' ', from);
                long stamp = Long.parseLong(event, from, to, 10);
                long micros = Math.max(0, (arrived - stamp) / 1000);
                delay.recordValue(micros);
                if (micros > 1000) {
                    over[0]++;
                }
                counts[3]++;
                if (first[0]) {
                    first[0] = false;
                    ttft.recordValue(Math.max(0, (arrived - sentAt) / 1000));
                }
            }
        });
        response.exceptionHandler(done::tryFail);
        response.endHandler(v -> {
            if (sawDone[0]) {
                done.tryComplete();
            } else {
                done.tryFail("stream ended without [DONE]");
            }
        });
        return done.future();
    }

    void close() {
        client.close();
    }
}
