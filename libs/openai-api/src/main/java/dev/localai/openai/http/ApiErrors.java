package dev.localai.openai.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.localai.openai.ApiError;
import dev.localai.openai.ApiException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;

/**
 * The one writer of failures, for every service's raw Vert.x routes: OpenAI's error envelope with the
 * exception's status and headers, if the response can still take it. A response whose head is
 * already out is reset, never ended: a stream cut short must not look complete to the client.
 */
public final class ApiErrors {

    private static final String FALLBACK = "{\"error\":{\"message\":\"error\",\"type\":\"server_error\",\"param\":null,"
            + "\"code\":null}}";

    private ApiErrors() {
    }

    public static void write(HttpServerResponse response, ApiException error, ObjectMapper json) {
        if (response.ended() || response.closed()) {
            return;
        }
        if (response.headWritten()) {
            response.reset();
            return;
        }
        response.setStatusCode(error.status()).putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
        error.headers().forEach(response::putHeader);
        response.end(body(error, json));
    }

    /** The JSON of an error envelope. */
    public static String body(ApiException error, ObjectMapper json) {
        try {
            return json.writeValueAsString(error.error());
        } catch (JsonProcessingException impossible) {
            return FALLBACK;
        }
    }

    /**
     * What a framework-level status (no route, wrong method, wrong media type) tells the client, in
     * the same shape: {@code call} is the method and path.
     */
    public static ApiException forStatus(int status, String call, String routes) {
        ApiError error = switch (status) {
            case 404 -> ApiError.invalidRequest("Unknown request URL: " + call + "." + (routes == null ? ""
                    : " This service serves " + routes + "."), null, "unknown_url");
            case 405 -> ApiError.invalidRequest("Method not allowed: " + call + ".", null, "method_not_allowed");
            case 406 -> ApiError.invalidRequest("This path answers application/json only.", null, "not_acceptable");
            case 415 -> ApiError.invalidRequest("Unsupported content type; send application/json.", null,
                    "unsupported_media_type");
            default -> ApiError.of("The request could not be handled.",
                    status >= 500 ? ApiError.SERVER_ERROR : ApiError.INVALID_REQUEST, null, null);
        };
        return new ApiException(status, error);
    }
}
