package dev.localai.openai.anthropic;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.localai.openai.Extras;

import java.util.Map;

/**
 * Anthropic's error body, {@code {"type":"error","error":{"type","message"},"request_id"}}
 * (https://docs.anthropic.com/en/api/errors), which is also the {@code error} event of a stream
 * (https://docs.anthropic.com/en/docs/build-with-claude/streaming#error-events). The error types and the
 * HTTP status each goes with are constants here.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonDeserialize(using = JsonDeserializer.None.class)
public record AnthropicError(
        String type,
        Body error,
        @JsonProperty("request_id") String requestId,
        @JsonAnyGetter @JsonAnySetter Map<String, JsonNode> extra) implements StreamEvent {

    public static final String TYPE = "error";

    /** 400; also used for other 4xx statuses the documentation does not list. */
    public static final String INVALID_REQUEST = "invalid_request_error";
    /** 401. */
    public static final String AUTHENTICATION = "authentication_error";
    /** 402. */
    public static final String BILLING = "billing_error";
    /** 403. */
    public static final String PERMISSION = "permission_error";
    /** 404. */
    public static final String NOT_FOUND = "not_found_error";
    /** 413, sent by Cloudflare before the API sees the request. */
    public static final String REQUEST_TOO_LARGE = "request_too_large";
    /** 429. */
    public static final String RATE_LIMIT = "rate_limit_error";
    /** 500. */
    public static final String API_ERROR = "api_error";
    /** 504. */
    public static final String TIMEOUT = "timeout_error";
    /** 529: the API is overloaded for everyone. */
    public static final String OVERLOADED = "overloaded_error";

    public AnthropicError {
        extra = Extras.copy(extra);
    }

    /** {@code type} names the kind of error; {@code message} says what went wrong. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Body(String type, String message,
                       @JsonAnyGetter @JsonAnySetter Map<String, JsonNode> extra) {
        public Body {
            extra = Extras.copy(extra);
        }
    }

    public static AnthropicError of(String errorType, String message) {
        return new AnthropicError(TYPE, new Body(errorType, message, null), null, null);
    }

    /** The error type; null when the body has no {@code error} object. */
    public String errorType() {
        return error == null ? null : error.type();
    }

    /** The error message; null when the body has no {@code error} object. */
    public String message() {
        return error == null ? null : error.message();
    }
}
