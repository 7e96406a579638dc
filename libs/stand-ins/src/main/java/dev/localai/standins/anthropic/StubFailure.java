package dev.localai.standins.anthropic;

/**
 * The failures {@link AnthropicStub} can answer with, each as https://docs.anthropic.com/en/api/errors
 * documents it: status, {@code {"type":"error","error":{"type","message"},"request_id"}} and a
 * {@code request-id} header.
 */
public enum StubFailure {
    /** 429 {@code rate_limit_error} with a {@code retry-after} header (whole seconds). */
    RATE_LIMITED,
    /** 529 {@code overloaded_error}. */
    OVERLOADED,
    /** 500 {@code api_error}. */
    API_ERROR,
    /**
     * A stream that starts normally (200, {@code message_start}, the text block's start and first delta) and
     * then sends {@code event: error} with {@code overloaded_error}, as the streaming documentation's
     * "Error events" shows; a non-streaming request gets the plain 529.
     */
    OVERLOADED_MID_STREAM
}
