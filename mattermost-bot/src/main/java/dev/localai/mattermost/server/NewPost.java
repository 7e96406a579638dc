package dev.localai.mattermost.server;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Map;

/** The body of {@code POST /api/v4/posts}: a reply goes in the thread of {@code root_id}. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record NewPost(@JsonProperty("channel_id") String channelId, String message, @JsonProperty("root_id") String rootId,
                      Map<String, Object> props) {
}
