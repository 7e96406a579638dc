package dev.localai.standins.mattermost;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a custom slash command's endpoint answered when the {@link MattermostStub} called it.
 *
 * @param status      the HTTP status; 0 when the endpoint could not be reached
 * @param contentType its {@code Content-Type}, or null
 * @param body        the body as text ({@code ""} when none); for a failure to connect, the reason
 * @param response    the CommandResponse Mattermost reads from it ({@code response_type}, {@code text}), or null
 *                    when the status was not 200
 * @param hookId      the id of the {@code response_url} ({@code /hooks/commands/<id>}) given to the endpoint
 */
public record SlashOutcome(int status, String contentType, String body, ObjectNode response, String hookId) {

    /** The answer's {@code text}, or null. */
    public String text() {
        return response == null ? null : response.path("text").asText(null);
    }

    /** {@code ephemeral} (the default when absent) or {@code in_channel}; null when there was no answer. */
    public String responseType() {
        return response == null ? null : response.path("response_type").asText("ephemeral");
    }
}
