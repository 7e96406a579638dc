package dev.localai.opencode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Requests to the bridge's chat endpoint and readings of its answers, for tests. */
public final class Chat {

    public static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Chat() {
    }

    /** {@code {"model": model, "messages": [...]}} from role/content pairs. */
    public static ObjectNode request(String model, String... roleThenContent) {
        ObjectNode body = JSON.createObjectNode().put("model", model);
        ArrayNode messages = body.putArray("messages");
        for (int i = 0; i < roleThenContent.length; i += 2) {
            messages.addObject().put("role", roleThenContent[i]).put("content", roleThenContent[i + 1]);
        }
        return body;
    }

    public static ObjectNode streamed(ObjectNode request, boolean includeUsage) {
        request.put("stream", true);
        if (includeUsage) {
            request.putObject("stream_options").put("include_usage", true);
        }
        return request;
    }

    public static HttpResponse<String> post(URL base, JsonNode body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base.toString()).resolve("/v1/chat/completions"))
                .timeout(Duration.ofSeconds(90)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The {@code data:} payloads of an event stream, in order. */
    public static List<String> events(String stream) {
        List<String> out = new ArrayList<>();
        for (String line : stream.split("\n")) {
            if (line.startsWith("data: ")) {
                out.add(line.substring("data: ".length()));
            }
        }
        return out;
    }

    /** The chunks of a stream (every event but {@code [DONE]}), parsed. */
    public static List<JsonNode> chunks(String stream) {
        return events(stream).stream().filter(e -> !"[DONE]".equals(e)).map(Chat::json).toList();
    }

    /** {@code delta.<field>} of every chunk, joined. */
    public static String joined(String stream, String field) {
        StringBuilder text = new StringBuilder();
        chunks(stream).forEach(c -> text.append(c.at("/choices/0/delta/" + field).asText("")));
        return text.toString();
    }

    public static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + text, e);
        }
    }
}
