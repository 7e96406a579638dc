package dev.localai.bench.chaos;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Steady load on the router: a few clients in a loop, plain and streamed chats with a small prompt
 * ({@code auto}: the 3070, with the stand-in cloud behind it, so a healthy backend is always at
 * hand). Every answer is classified; a request that takes longer than {@link #TIMEOUT} has hung.
 */
final class Load {

    static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final URI CHAT = URI.create("http://127.0.0.1:8000/v1/chat/completions");

    /** Counters of one period. */
    record Counts(long ok, long refused, long hung, long routerDown, long broken) {
        Counts minus(Counts o) {
            return new Counts(ok - o.ok, refused - o.refused, hung - o.hung, routerDown - o.routerDown, broken - o.broken);
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicLong ok = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong hung = new AtomicLong();
    private final AtomicLong routerDown = new AtomicLong();
    private final AtomicLong broken = new AtomicLong();
    /** Request ids the router answered, with when: each must have its row in the request log. */
    final Map<String, Long> answered = new ConcurrentHashMap<>();
    final List<String> samples = java.util.Collections.synchronizedList(new ArrayList<>());
    private final List<Thread> clients = new ArrayList<>();
    private volatile boolean running = true;

    void start(int count) {
        for (int i = 0; i < count; i++) {
            Thread t = new Thread(this::loop, "load-" + i);
            t.setDaemon(true);
            t.start();
            clients.add(t);
        }
    }

    void stop() throws InterruptedException {
        running = false;
        for (Thread t : clients) {
            t.join(TIMEOUT.toMillis() + 5000);
        }
    }

    Counts counts() {
        return new Counts(ok.get(), refused.get(), hung.get(), routerDown.get(), broken.get());
    }

    private void loop() {
        long n = 0;
        while (running) {
            boolean stream = ThreadLocalRandom.current().nextInt(10) < 3;
            String body = "{\"stream\":" + stream + ",\"max_tokens\":8,\"messages\":[{\"role\":\"user\",\"content\":\"chaos "
                    + Thread.currentThread().getName() + " " + (n++) + "\"}]}";
            HttpRequest request = HttpRequest.newBuilder(CHAT).timeout(TIMEOUT).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                response.headers().firstValue("x-request-id").ifPresent(id -> answered.put(id, System.currentTimeMillis()));
                if (response.statusCode() != 200) {
                    refused.incrementAndGet();
                    sample(response.statusCode() + " " + response.body());
                } else if (stream && (!response.body().strip().endsWith("data: [DONE]")
                        || response.body().contains("\"error\""))) {
                    broken.incrementAndGet();
                    sample("stream cut: " + tail(response.body()));
                } else {
                    ok.incrementAndGet();
                }
            } catch (HttpTimeoutException e) {
                hung.incrementAndGet();
                sample("hung past " + TIMEOUT.toSeconds() + " s");
            } catch (ConnectException e) {
                routerDown.incrementAndGet();
                pause(100);
            } catch (IOException e) {
                routerDown.incrementAndGet();            // the router went away mid-request
                pause(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void sample(String what) {
        if (samples.size() < 40) {
            samples.add(java.time.LocalTime.now().withNano(0) + " " + (what.length() > 300 ? what.substring(0, 300) : what));
        }
    }

    private static String tail(String body) {
        return body.length() > 200 ? body.substring(body.length() - 200) : body;
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
