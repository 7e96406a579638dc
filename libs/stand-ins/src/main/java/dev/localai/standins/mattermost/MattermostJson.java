package dev.localai.standins.mattermost;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The JSON of Mattermost API v4 as the stub writes it: the User and Post schemas and the PostList of
 * https://developers.mattermost.com/api-documentation/ ({@code api/v4/source/definitions.yaml}), and the error body
 * of its "errors" section: {@code {"id","message","detailed_error","request_id","status_code"}}.
 */
final class MattermostJson {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String SERVER_VERSION = "10.5.0";

    private MattermostJson() {
    }

    /** A Mattermost error ({@code model.AppError}) with the status it is sent with. */
    record AppError(int status, String id, String message) {

        static AppError unauthorized() {
            return new AppError(401, "api.context.session_expired.app_error",
                    "Invalid or expired session, please login again.");
        }

        static AppError forbidden() {
            return new AppError(403, "api.context.permissions.app_error", "You do not have the appropriate permissions.");
        }

        static AppError invalidBody(String name) {
            return new AppError(400, "api.context.invalid_body_param.app_error",
                    "Invalid or missing " + name + " in request body.");
        }

        static AppError invalidParam(String name) {
            return new AppError(400, "api.context.invalid_param.app_error", "Invalid " + name + " parameter.");
        }

        static AppError notFound() {
            return new AppError(404, "api.context.404.app_error", "Sorry, we could not find the page.");
        }

        ObjectNode json(String requestId) {
            return JSON.createObjectNode().put("id", id).put("message", message).put("detailed_error", "")
                    .put("request_id", requestId).put("status_code", status);
        }
    }

    static ObjectNode user(ChatUser user, long createdAt) {
        ObjectNode json = JSON.createObjectNode().put("id", user.id()).put("create_at", createdAt)
                .put("update_at", createdAt).put("delete_at", 0).put("username", user.username())
                .put("auth_data", "").put("auth_service", "").put("email", user.username() + "@example.com")
                .put("nickname", "").put("first_name", "").put("last_name", "").put("position", "")
                .put("roles", "system_user").put("locale", "en");
        json.putObject("timezone").put("automaticTimezone", "").put("manualTimezone", "")
                .put("useAutomaticTimezone", "true");
        if (user.bot()) {
            json.put("is_bot", true).put("bot_description", "");
        }
        return json;
    }

    static ObjectNode post(ChatPost post, int replyCount) {
        ObjectNode json = JSON.createObjectNode().put("id", post.id()).put("create_at", post.createAt())
                .put("update_at", post.updateAt()).put("edit_at", post.editAt()).put("delete_at", 0)
                .put("is_pinned", false).put("user_id", post.userId()).put("channel_id", post.channelId())
                .put("root_id", post.rootId()).put("original_id", "").put("message", post.message())
                .put("type", "").put("hashtags", "").put("pending_post_id", "").put("reply_count", replyCount);
        json.set("props", JSON.valueToTree(post.props()));
        json.putObject("metadata");
        return json;
    }

    /** A PostList: {@code order} newest first, as Mattermost sorts threads and channels. */
    static ObjectNode postList(List<ObjectNode> newestFirst) {
        ObjectNode json = JSON.createObjectNode();
        ArrayNode order = json.putArray("order");
        ObjectNode posts = json.putObject("posts");
        for (ObjectNode post : newestFirst) {
            order.add(post.get("id").asText());
            posts.set(post.get("id").asText(), post);
        }
        return json.put("next_post_id", "").put("prev_post_id", "").put("has_next", false);
    }

    static String text(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The body as a JSON object, or null when it is not one. */
    static ObjectNode object(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            return node instanceof ObjectNode object ? object : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** A JSON array of strings, written as a string, as Mattermost sends {@code mentions}. */
    static String stringArray(Collection<String> values) {
        return text(JSON.valueToTree(values));
    }

    static Map<String, Object> props(JsonNode node) {
        return node == null || !node.isObject() ? Map.of() : JSON.convertValue(node, Map.class);
    }
}
