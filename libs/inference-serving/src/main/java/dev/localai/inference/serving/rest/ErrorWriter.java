package dev.localai.inference.serving.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.localai.inference.serving.ClientError;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import jakarta.enterprise.context.ApplicationScoped;

/** Writes a failure to a raw Vert.x response in OpenAI's error shape, if the response can still take it. */
@ApplicationScoped
public class ErrorWriter {

    private final ObjectMapper json;

    public ErrorWriter(ObjectMapper json) {
        this.json = json;
    }

    public void write(HttpServerResponse response, Throwable failure) {
        ClientError error = ClientError.of(failure);
        if (response.ended() || response.closed()) {
            return;
        }
        if (response.headWritten()) {
            response.end();
            return;
        }
        response.setStatusCode(error.status()).putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
        error.headers().forEach(response::putHeader);
        response.end(body(error));
    }

    /** The JSON of an error envelope. */
    public String body(ClientError error) {
        try {
            return json.writeValueAsString(error.error());
        } catch (JsonProcessingException impossible) {
            return "{\"error\":{\"message\":\"error\",\"type\":\"server_error\",\"param\":null,\"code\":null}}";
        }
    }
}
