package dev.localai.router.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.localai.router.client.ClientWriter;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Answers a request from the cache: the stored JSON as it is, or, for a streaming request, the same
 * answer as {@code chat.completion.chunk} events (the role and whole content of each choice, its
 * finish reason, the usage when asked for) and {@code [DONE]}.
 */
public final class CachedReplay {

    private CachedReplay() {
    }

    public static Future<Void> write(ResponseCache.Entry entry, boolean stream, boolean includeUsage,
                                     ClientWriter client, ObjectMapper json) {
        HttpServerResponse response = client.response();
        long ageSeconds = (System.nanoTime() - entry.storedAtNanos()) / 1_000_000_000L;
        response.putHeader("X-Router-Cache", "hit")
                .putHeader("X-Router-Backend", entry.backend())
                .putHeader("X-Router-Model", entry.model())
                .putHeader("X-Router-Reason", "cache hit: the same request was answered by " + entry.backend() + "/"
                        + entry.model() + " " + ageSeconds + " s ago");
        return answer(entry.body(), stream, includeUsage, client, json);
    }

    /**
     * A whole {@code chat.completion} to the client: as it is, or for a streaming client as a stream of chunks
     * (the message in one delta per choice, its finish, the usage when asked for).
     */
    public static Future<Void> answer(io.vertx.core.buffer.Buffer body, boolean stream, boolean includeUsage,
                                      ClientWriter client, ObjectMapper json) {
        if (!stream) {
            return client.answer(body);
        }
        try {
            JsonNode answer = json.readTree(body.getBytes());
            List<String> events = new ArrayList<>();
            for (JsonNode choice : answer.path("choices")) {
                ObjectNode delta = json.createObjectNode().put("role", "assistant");
                JsonNode message = choice.path("message");
                if (message.path("content").isTextual()) {
                    delta.put("content", message.path("content").asText());
                }
                if (message.path("tool_calls").isArray()) {
                    ArrayNode calls = delta.putArray("tool_calls");
                    int index = 0;
                    for (JsonNode call : message.path("tool_calls")) {
                        calls.add(((ObjectNode) call.deepCopy()).put("index", index++));
                    }
                }
                events.add(event(json, answer, choice.path("index").asInt(), delta, null));
                events.add(event(json, answer, choice.path("index").asInt(), json.createObjectNode(),
                        choice.path("finish_reason").asText("stop")));
            }
            if (includeUsage && answer.has("usage")) {
                ObjectNode last = chunk(json, answer);
                last.putArray("choices");
                last.set("usage", answer.get("usage"));
                events.add(json.writeValueAsString(last));
            }
            events.forEach(client::chunk);
            client.endStream();
            return Future.succeededFuture();
        } catch (IOException e) {
            return Future.failedFuture(e);
        }
    }

    private static String event(ObjectMapper json, JsonNode answer, int index, ObjectNode delta, String finish)
            throws IOException {
        ObjectNode chunk = chunk(json, answer);
        ObjectNode choice = chunk.putArray("choices").addObject().put("index", index);
        choice.set("delta", delta);
        if (finish == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finish);
        }
        return json.writeValueAsString(chunk);
    }

    private static ObjectNode chunk(ObjectMapper json, JsonNode answer) {
        ObjectNode chunk = json.createObjectNode();
        chunk.put("id", answer.path("id").asText("chatcmpl-cached"));
        chunk.put("object", "chat.completion.chunk");
        chunk.put("created", answer.path("created").asLong(System.currentTimeMillis() / 1000));
        chunk.put("model", answer.path("model").asText(""));
        return chunk;
    }
}
