package dev.localai.mattermost.server;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Map;

/**
 * What the bot reads of a Mattermost post (API v4 {@code Post}).
 *
 * @param type  empty for a user's post; {@code system_*} for join/leave and other system messages
 * @param props the property bag ({@code from_bot}, {@code from_webhook}, the bot's own {@code tayne})
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Post(String id, @JsonProperty("create_at") long createAt, @JsonProperty("user_id") String userId,
                   @JsonProperty("channel_id") String channelId, @JsonProperty("root_id") String rootId,
                   String message, String type, Map<String, Object> props) {

    public Post {
        rootId = rootId == null ? "" : rootId;
        message = message == null ? "" : message;
        type = type == null ? "" : type;
        props = props == null ? Map.of() : props;
    }

    /** The thread a reply goes to: the post's root, or the post itself. */
    public String threadId() {
        return rootId.isEmpty() ? id : rootId;
    }

    /** A property as text, or "". */
    public String prop(String name) {
        Object value = props.get(name);
        return value == null ? "" : value.toString();
    }
}
