package dev.localai.opencode.server;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One event of OpenCode's {@code GET /event} stream, {@code {"type": …, "properties": {…}}}: e.g.
 * {@code message.part.delta}, {@code message.part.updated}, {@code message.updated}, {@code session.status},
 * {@code session.error}, {@code session.idle}. {@code sessionId} is the session it concerns, or null.
 */
public record OpencodeEvent(String type, String sessionId, JsonNode properties) {

    /** {@code properties.<name>} as text, or null. */
    public String text(String name) {
        JsonNode value = properties.get(name);
        return value == null || value.isNull() ? null : value.asText();
    }
}
