package dev.localai.openai;

import java.util.Map;

/**
 * A failure a client is told about, in every service: an HTTP status, OpenAI's error envelope and
 * headers such as {@code Retry-After}. Thrown anywhere; written by one writer
 * ({@link dev.localai.openai.http.ApiErrors}). It carries no stack trace, and its message is safe to
 * show a client.
 */
public final class ApiException extends RuntimeException {

    private final int status;
    private final ApiError error;
    private final Map<String, String> headers;

    public ApiException(int status, ApiError error, Map<String, String> headers) {
        super(error.error().message(), null, false, false);
        this.status = status;
        this.error = error;
        this.headers = Map.copyOf(headers);
    }

    public ApiException(int status, ApiError error) {
        this(status, error, Map.of());
    }

    public int status() {
        return status;
    }

    public ApiError error() {
        return error;
    }

    /** The envelope's {@code code}, or null. */
    public String code() {
        return error.error().code();
    }

    public Map<String, String> headers() {
        return headers;
    }

    /** 400, shaped like OpenAI's own validation errors. */
    public static ApiException badRequest(String message, String param, String code) {
        return new ApiException(400, ApiError.invalidRequest(message, param, code));
    }

    /** 413 for a body over {@code limitBytes}; the connection is closed, since the rest of the upload is not read. */
    public static ApiException tooLarge(long limitBytes, String setting) {
        return new ApiException(413, ApiError.invalidRequest("The request body is larger than this service accepts ("
                + limitBytes + " bytes" + (setting == null ? "" : "; " + setting) + ").", null, "request_too_large"),
                Map.of("Connection", "close"));
    }
}
