package dev.localai.bench.opencode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.localai.openai.sse.SseReader;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One short streamed answer by each path, timed by this JVM's clock from just before the first byte of the
 * request: the provider direct; OpenCode's own API as a client of it would use it (create a session, send the
 * prompt, read the answer from an event stream that is already open); the bridge's
 * {@code /v1/chat/completions}. For the bridge, the benchmark's own view of OpenCode's events says when OpenCode
 * had the prompt and when it sent the first token, so the bridge's share splits into setup and forwarding.
 */
final class Rounds {

    /** Nanoseconds: to the first token, to the end, to OpenCode having the prompt, first token's forwarding. */
    record Sample(long ttft, long total, long setup, long forward) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROMPT = "Say something short.";

    private final HttpClient http;
    private final BenchProvider provider;
    private final OpencodeServer opencode;
    private final BridgeUnderTest bridge;
    private final EventWatch watch;

    Rounds(Vertx vertx, BenchProvider provider, OpencodeServer opencode, BridgeUnderTest bridge, EventWatch watch) {
        this.http = vertx.createHttpClient(new HttpClientOptions().setTcpNoDelay(true).setKeepAlive(true));
        this.provider = provider;
        this.opencode = opencode;
        this.bridge = bridge;
        this.watch = watch;
    }

    Sample provider() throws Exception {
        String body = "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"" + PROMPT + "\"}]}";
        long t0 = System.nanoTime();
        long[] times = stream(URI.create(provider.baseUrl() + "/chat/completions"), body);
        return new Sample(times[0] - t0, times[1] - t0, -1, -1);
    }

    Sample opencodeApi() throws Exception {
        long t0 = System.nanoTime();
        String session = api(HttpMethod.POST, "/session", "{\"title\":\"bench\"}").path("id").asText();
        EventWatch.Times times = watch.session(session);
        api(HttpMethod.POST, "/session/" + session + "/prompt_async", "{\"agent\":\"bridge\",\"model\":{\"providerID\":"
                + "\"bench\",\"modelID\":\"m\"},\"parts\":[{\"type\":\"text\",\"text\":\"" + PROMPT + "\"}]}");
        long idle = times.idle.get(60, TimeUnit.SECONDS);
        Sample sample = new Sample(times.firstDelta - t0, idle - t0, times.prompt - t0, -1);
        api(HttpMethod.DELETE, "/session/" + session, null);
        return sample;
    }

    Sample bridge() throws Exception {
        String body = "{\"model\":\"glm-4.7\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"" + PROMPT
                + "\"}]}";
        long t0 = System.nanoTime();
        long[] times = stream(URI.create(bridge.chatUrl()), body);
        EventWatch.Times seen = watch.promptedSince(t0, 10_000);
        if (seen == null) {
            throw new IllegalStateException("the bridge's session was not seen on OpenCode's event stream");
        }
        return new Sample(times[0] - t0, times[1] - t0, seen.prompt - t0, times[0] - seen.firstDelta);
    }

    /** Posts a streamed chat request: when the first content arrived and when {@code [DONE]} did. */
    private long[] stream(URI url, String body) throws Exception {
        long[] times = new long[2];
        CompletableFuture<long[]> done = new CompletableFuture<>();
        SseReader reader = new SseReader(event -> {
            long now = System.nanoTime();
            if (event.isDone()) {
                times[1] = now;
                done.complete(times);
            } else if (times[0] == 0) {
                try {
                    JsonNode chunk = JSON.readTree(event.data());
                    if (!chunk.at("/choices/0/delta/content").asText("").isEmpty()) {
                        times[0] = now;
                    }
                } catch (Exception e) {
                    done.completeExceptionally(e);
                }
            }
        });
        http.request(new RequestOptions().setMethod(HttpMethod.POST).setHost(url.getHost()).setPort(url.getPort())
                        .setURI(url.getPath()).putHeader("Content-Type", "application/json"))
                .compose(request -> request.send(Buffer.buffer(body)))
                .onSuccess(response -> {
                    if (response.statusCode() != 200) {
                        response.body().onComplete(b -> done.completeExceptionally(new IllegalStateException(
                                url + " answered " + response.statusCode() + ": " + (b.succeeded() ? b.result() : ""))));
                        return;
                    }
                    response.handler(chunk -> reader.feed(chunk.getBytes()));
                })
                .onFailure(done::completeExceptionally);
        return done.get(60, TimeUnit.SECONDS);
    }

    private JsonNode api(HttpMethod method, String path, String body) throws Exception {
        RequestOptions options = new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(opencode.port)
                .setURI(path).putHeader("Authorization", opencode.authorization());
        if (body != null) {
            options.putHeader("Content-Type", "application/json");
        }
        Future<Buffer> answer = http.request(options)
                .compose(request -> body == null ? request.send() : request.send(Buffer.buffer(body)))
                .compose(response -> response.statusCode() / 100 == 2 ? response.body()
                        : Future.failedFuture(path + " answered " + response.statusCode()));
        Buffer buffer = answer.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        return buffer.length() == 0 ? JSON.nullNode() : JSON.readTree(buffer.getBytes());
    }
}
