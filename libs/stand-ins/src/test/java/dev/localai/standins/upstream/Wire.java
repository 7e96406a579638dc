package dev.localai.standins.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** What the tests talk to the fake with: a fresh {@link HttpClient} (no pooled connections) and raw sockets. */
final class Wire {

    static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    Wire(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** A chat request for model {@code m1} with a two-word user message. */
    static String chat(boolean stream, boolean includeUsage) {
        return "{\"model\":\"m1\",\"stream\":" + stream
                + (includeUsage ? ",\"stream_options\":{\"include_usage\":true}" : "")
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"hello there\"}]}";
    }

    HttpRequest.Builder request(String path, Duration timeout) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(timeout);
    }

    HttpResponse<String> post(String body) throws IOException, InterruptedException {
        return post(body, Duration.ofSeconds(5));
    }

    HttpResponse<String> post(String body, Duration timeout) throws IOException, InterruptedException {
        return http.send(request("/v1/chat/completions", timeout).POST(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    CompletableFuture<HttpResponse<String>> postAsync(String body) {
        return http.sendAsync(request("/v1/chat/completions", Duration.ofSeconds(5))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Returns as soon as the status line and headers are in. */
    HttpResponse<InputStream> postStreaming(String body) throws IOException, InterruptedException {
        return http.send(request("/v1/chat/completions", Duration.ofSeconds(5))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(request(path, Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Opens a raw connection and sends a chat request on it (reads time out after 5 s). */
    static Socket openChat(int port, String body) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(5_000);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        OutputStream out = socket.getOutputStream();
        out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.flush();
        return socket;
    }

    /** Reads until {@code marker} has been seen; returns everything read. */
    static String readUntil(InputStream in, String marker) throws IOException {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        while (!seen.toString(StandardCharsets.UTF_8).contains(marker)) {
            int n = in.read(buffer);
            if (n < 0) {
                throw new IOException("ended before " + marker + ": " + seen.toString(StandardCharsets.UTF_8));
            }
            seen.write(buffer, 0, n);
        }
        return seen.toString(StandardCharsets.UTF_8);
    }

    /** Reads until the server closes the connection. */
    static String readToEnd(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    /** The {@code data:} payloads of an event stream, in order. */
    static List<String> data(String stream) {
        List<String> out = new ArrayList<>();
        for (String line : stream.split("\n")) {
            if (line.startsWith("data: ")) {
                out.add(line.substring("data: ".length()).strip());
            }
        }
        return out;
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + text, e);
        }
    }

    /** The {@code delta.content} of the chunks, joined. */
    static String joined(List<String> data) {
        StringBuilder text = new StringBuilder();
        data.stream().filter(d -> !d.equals("[DONE]"))
                .forEach(d -> text.append(json(d).at("/choices/0/delta/content").asText("")));
        return text.toString();
    }
}
