package dev.localai.evalcli.router;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;

/** Turns the router's error answers into {@link RouterError} (4xx, 500) or {@link RouterUnreachable} (502-504). */
final class ErrorBodies implements ResponseExceptionMapper<RuntimeException> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public RuntimeException toThrowable(Response response) {
        int status = response.getStatus();
        String body = response.hasEntity() ? response.readEntity(String.class) : "";
        String message = message(status, body);
        if (status == 502 || status == 503 || status == 504) {
            return new RouterUnreachable(message, false, null);
        }
        return new RouterError(status, message);
    }

    @Override
    public boolean handles(int status, jakarta.ws.rs.core.MultivaluedMap<String, Object> headers) {
        return status >= 400;
    }

    /** error.message of an OpenAI-shaped body, else the body's start, else the status. */
    static String message(int status, String body) {
        try {
            JsonNode message = JSON.readTree(body).path("error").path("message");
            if (message.isTextual() && !message.asText().isBlank()) {
                return message.asText();
            }
        } catch (Exception notJson) {
            // fall through
        }
        String text = body == null ? "" : body.strip();
        return text.isEmpty() ? "HTTP " + status : "HTTP " + status + ": " + text.substring(0, Math.min(200, text.length()));
    }
}
