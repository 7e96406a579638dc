package dev.localai.mattermost.websocket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.localai.mattermost.server.Post;
import dev.localai.mattermost.server.Posted;

import java.util.ArrayList;
import java.util.List;

/**
 * Reading what Mattermost sends over the WebSocket (API v4 reference, "WebSocket"): events
 * {@code {"event","data","broadcast","seq"}} and action replies {@code {"status","seq_reply","data"|"error"}}; in a
 * {@code posted} event {@code data.post} and {@code data.mentions} are JSON <em>strings</em> to decode again.
 */
final class SocketMessages {

    private final ObjectMapper json;

    SocketMessages(ObjectMapper json) {
        this.json = json;
    }

    /** The message as JSON, or null when it is not a JSON object. */
    JsonNode parse(String text) {
        try {
            JsonNode node = json.readTree(text);
            return node != null && node.isObject() ? node : null;
        } catch (Exception e) {
            return null;
        }
    }

    /** A {@code posted} event's data, or null when its post cannot be read. */
    Posted posted(JsonNode data) {
        try {
            Post post = json.readValue(data.path("post").asText(""), Post.class);
            if (post.id() == null || post.userId() == null || post.channelId() == null) {
                return null;
            }
            List<String> mentions = new ArrayList<>();
            String listed = data.path("mentions").asText("");
            if (!listed.isEmpty()) {
                json.readTree(listed).forEach(id -> mentions.add(id.asText()));
            }
            return new Posted(post, data.path("channel_type").asText(""), data.path("channel_name").asText(""),
                    data.path("sender_name").asText(""), mentions);
        } catch (Exception e) {
            return null;
        }
    }

    String ping(long seq) {
        return "{\"action\":\"ping\",\"seq\":" + seq + "}";
    }

    String challenge(long seq, String token) {
        return json.createObjectNode().put("seq", seq).put("action", "authentication_challenge")
                .set("data", json.createObjectNode().put("token", token)).toString();
    }
}
