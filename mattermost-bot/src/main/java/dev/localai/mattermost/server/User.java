package dev.localai.mattermost.server;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** What the bot reads of {@code GET /api/v4/users/me}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record User(String id, String username, @JsonProperty("is_bot") boolean bot) {
}
