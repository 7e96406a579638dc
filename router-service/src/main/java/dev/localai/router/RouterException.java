package dev.localai.router;

import dev.localai.openai.ApiError;

import java.util.Map;

/**
 * A failure a client is told about: an HTTP status and OpenAI's error envelope, plus headers such
 * as {@code Retry-After}. Thrown anywhere in the router and written by one place per transport.
 * It carries no stack trace to clients; its message is safe to show.
 */
public final class RouterException extends RuntimeException {

    private final int status;
    private final ApiError error;
    private final Map<String, String> headers;

    public RouterException(int status, ApiError error, Map<String, String> headers) {
        super(error.error().message(), null, false, false);
        this.status = status;
        this.error = error;
        this.headers = Map.copyOf(headers);
    }

    public RouterException(int status, ApiError error) {
        this(status, error, Map.of());
    }

    public int status() {
        return status;
    }

    public ApiError error() {
        return error;
    }

    public Map<String, String> headers() {
        return headers;
    }

    /** 400, shaped like OpenAI's own validation errors. */
    public static RouterException badRequest(String message, String param, String code) {
        return new RouterException(400, ApiError.invalidRequest(message, param, code));
    }

    /** 404 for a model no backend serves, worded as OpenAI words it. */
    public static RouterException modelNotFound(String model) {
        return new RouterException(404, ApiError.invalidRequest("The model `" + model
                + "` does not exist or you do not have access to it. GET /v1/models lists the models this router serves.",
                "model", "model_not_found"));
    }

    public static RouterException tooLarge(long limitBytes) {
        return new RouterException(413, ApiError.invalidRequest("Request body is larger than this router accepts ("
                + limitBytes + " bytes; router.limits.max-request-bytes).", null, "request_too_large"));
    }

    /** 502: the backend refused the connection or could not be reached at all. */
    public static RouterException unreachable(String backend, String what) {
        return new RouterException(502, ApiError.of("Backend '" + backend + "' " + what, ApiError.UPSTREAM_ERROR,
                null, "backend_unreachable"));
    }

    /** 502: the backend answered with something unusable. */
    public static RouterException badGateway(String backend, String what) {
        return new RouterException(502, ApiError.of("Backend '" + backend + "' " + what, ApiError.UPSTREAM_ERROR,
                null, "backend_error"));
    }

    /** 504: the backend accepted the request but went silent for longer than allowed. */
    public static RouterException gatewayTimeout(String backend, String what) {
        return new RouterException(504, ApiError.of("Backend '" + backend + "' " + what, ApiError.UPSTREAM_ERROR,
                null, "backend_timeout"));
    }

    /** 500 for a bug of the router's own: a short message and a reference into the log, never a trace. */
    public static RouterException internal(String reference) {
        return new RouterException(500, ApiError.of("The router failed unexpectedly (reference " + reference
                + " in its log).", ApiError.SERVER_ERROR, null, "internal_error"));
    }
}
