package dev.localai.openai;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * OpenAI's error envelope, {@code {"error":{"message","type","param","code"}}}, the one shape a
 * client ever sees for a failure (https://platform.openai.com/docs/guides/error-codes).
 * {@code param} and {@code code} are written as {@code null} when unset, as OpenAI does.
 */
public record ApiError(Body error) {

    public static final String INVALID_REQUEST = "invalid_request_error";
    public static final String RATE_LIMIT = "rate_limit_error";
    public static final String SERVER_ERROR = "server_error";
    public static final String UPSTREAM_ERROR = "upstream_error";
    public static final String UNAVAILABLE = "service_unavailable_error";
    public static final String AUTHENTICATION = "authentication_error";

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Body(String message, String type, String param, String code) {
    }

    public static ApiError of(String message, String type, String param, String code) {
        return new ApiError(new Body(message, type, param, code));
    }

    /** 400: the request itself is wrong; {@code param} names the offending field when one is known. */
    public static ApiError invalidRequest(String message, String param, String code) {
        return of(message, INVALID_REQUEST, param, code);
    }
}
