package dev.localai.mattermost.server;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Map;

/** The body of {@code PUT /api/v4/posts/{id}/patch}: omitted fields stay as they are. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PostPatch(String message, Map<String, Object> props) {
}
