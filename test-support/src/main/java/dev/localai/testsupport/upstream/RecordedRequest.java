package dev.localai.testsupport.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;

/** A request as the fake received it: headers with lower-case names, the body as text. */
public record RecordedRequest(String method, String path, Map<String, String> headers, String body,
                              Instant receivedAt) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public RecordedRequest {
        headers = Map.copyOf(headers);
    }

    /** The body parsed as JSON. */
    public JsonNode json() {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("request body is not JSON: " + body, e);
        }
    }
}
