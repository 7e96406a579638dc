package dev.localai.opencode.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.localai.opencode.BridgeError;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;

/** Writes a {@link BridgeError} to a raw Vert.x response in OpenAI's error shape, if the response can still take it. */
final class ErrorWriter {

    private ErrorWriter() {
    }

    static void write(HttpServerResponse response, ObjectMapper json, BridgeError error) {
        if (response.ended() || response.closed()) {
            return;
        }
        if (response.headWritten()) {
            response.end();
            return;
        }
        response.setStatusCode(error.status()).putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
        error.headers().forEach(response::putHeader);
        response.end(body(json, error));
    }

    static String body(ObjectMapper json, BridgeError error) {
        try {
            return json.writeValueAsString(error.error());
        } catch (JsonProcessingException impossible) {
            return "{\"error\":{\"message\":\"error\",\"type\":\"server_error\",\"param\":null,\"code\":null}}";
        }
    }
}
