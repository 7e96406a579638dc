package dev.localai.bench.inference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.localai.inference.ChatTurn;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /v1/chat/completions} on the service with {@link java.net.http.HttpClient} (HTTP/1.1, one
 * kept-alive connection), streamed and not. The clock stops when the whole answer is in: the body for a
 * plain answer, {@code data: [DONE]} for a stream. While a stream runs the client only stores the lines
 * and looks for the first one that carries text (time to first token); the JSON is parsed afterwards, so
 * that the client's own parsing does not count against the service.
 */
final class HttpSide {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI chat;
    private final URI status;
    private final Map<String, byte[]> bodies = new HashMap<>();
    private final String model;
    private final List<ChatTurn> messages;
    private final double temperature;
    private final long seed;

    HttpSide(String baseUrl, String model, List<ChatTurn> messages, double temperature, long seed) {
        this.chat = URI.create(baseUrl + "/v1/chat/completions");
        this.status = URI.create(baseUrl + "/models/status");
        this.model = model;
        this.messages = messages;
        this.temperature = temperature;
        this.seed = seed;
    }

    /** The request body, built once per shape. */
    private byte[] body(int maxTokens, boolean stream) {
        return bodies.computeIfAbsent(maxTokens + "/" + stream, k -> {
            ObjectNode body = JSON.createObjectNode();
            body.put("model", model);
            ArrayNode array = body.putArray("messages");
            for (ChatTurn turn : messages) {
                array.addObject().put("role", turn.role()).put("content", turn.content());
            }
            body.put("max_tokens", maxTokens).put("temperature", temperature).put("seed", seed);
            if (stream) {
                body.put("stream", true).putObject("stream_options").put("include_usage", true);
            }
            return body.toString().getBytes(StandardCharsets.UTF_8);
        });
    }

    Run plain(int maxTokens) throws IOException, InterruptedException {
        HttpRequest request = request(body(maxTokens, false));
        long start = System.nanoTime();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        long end = System.nanoTime();
        if (response.statusCode() != 200) {
            throw new IOException("HTTP " + response.statusCode() + ": " + new String(response.body(), StandardCharsets.UTF_8));
        }
        JsonNode answer = JSON.readTree(response.body());
        JsonNode choice = answer.path("choices").path(0);
        JsonNode usage = answer.path("usage");
        return new Run(usage.path("completion_tokens").asInt(-1), end - start, -1, -1,
                usage.path("prompt_tokens").asInt(-1), choice.path("finish_reason").asText(null),
                choice.path("message").path("content").asText(""), Double.NaN);
    }

    Run stream(int maxTokens) throws IOException, InterruptedException {
        HttpRequest request = request(body(maxTokens, true));
        List<String> events = new ArrayList<>(600);
        long start = System.nanoTime();
        long firstText = -1;
        long end = -1;
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            if (response.statusCode() != 200) {
                StringBuilder error = new StringBuilder();
                lines.lines().forEach(error::append);
                throw new IOException("HTTP " + response.statusCode() + ": " + error);
            }
            String line;
            while ((line = lines.readLine()) != null) {
                if (!line.startsWith("data:")) {
                    continue;                                  // blank separators, comments
                }
                String data = line.substring(5).trim();
                if (data.equals("[DONE]")) {
                    end = System.nanoTime();
                    break;
                }
                if (firstText < 0 && carriesText(data)) {
                    firstText = System.nanoTime();
                }
                events.add(data);
            }
        }
        if (end < 0) {
            throw new IOException("the stream ended without data: [DONE]");
        }
        StringBuilder text = new StringBuilder();
        int chunks = 0;
        int tokens = -1;
        int promptTokens = -1;
        String finish = null;
        for (String data : events) {
            JsonNode event = JSON.readTree(data);
            if (event.has("error")) {
                throw new IOException("the stream reported an error: " + data);
            }
            JsonNode usage = event.path("usage");
            if (usage.isObject()) {
                tokens = usage.path("completion_tokens").asInt(-1);
                promptTokens = usage.path("prompt_tokens").asInt(-1);
            }
            JsonNode choice = event.path("choices").path(0);
            String content = choice.path("delta").path("content").asText("");
            if (!content.isEmpty()) {
                chunks++;
                text.append(content);
            }
            if (choice.hasNonNull("finish_reason")) {
                finish = choice.get("finish_reason").asText();
            }
        }
        return new Run(tokens, end - start, firstText < 0 ? -1 : firstText - start, chunks, promptTokens, finish,
                text.toString(), Double.NaN);
    }

    /**
     * The tokens/s the service's engine measured for its last generation ({@code GET /models/status}), i.e.
     * without the HTTP layer. Call it between requests, outside the timed part.
     */
    double lastEngineTokensPerSecond() throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(status).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        for (JsonNode m : JSON.readTree(response.body()).path("models")) {
            if (model.equals(m.path("name").asText())) {
                return m.path("tokens_per_second").asDouble(Double.NaN);
            }
        }
        return Double.NaN;
    }

    /** A cheap look at one event without parsing it: a delta whose content is a non-empty string. */
    private static boolean carriesText(String data) {
        int i = data.indexOf("\"content\":\"");
        return i >= 0 && i + 11 < data.length() && data.charAt(i + 11) != '"';
    }

    private HttpRequest request(byte[] body) {
        return HttpRequest.newBuilder(chat)
                .timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
    }
}
