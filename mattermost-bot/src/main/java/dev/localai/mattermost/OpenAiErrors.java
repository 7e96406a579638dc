package dev.localai.mattermost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.Response;

/** The message of an error body in OpenAI's shape, which gaming-pc-manager and the router answer. */
public final class OpenAiErrors {

    private static final ObjectMapper JSON = new ObjectMapper();

    private OpenAiErrors() {
    }

    /** {@code error.message}, else the body's first 200 characters, else "HTTP status". */
    public static String message(Response response) {
        String body = "";
        try {
            body = response.readEntity(String.class);
            JsonNode json = JSON.readTree(body);
            String message = json.path("error").path("message").asText("");
            if (!message.isEmpty()) {
                return message;
            }
        } catch (Exception notJson) {
            // the body as it is, below
        }
        return body == null || body.isBlank() ? "HTTP " + response.getStatus()
                : body.substring(0, Math.min(200, body.length())).strip();
    }
}
