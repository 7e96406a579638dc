package dev.localai.openai.anthropic;

import dev.localai.openai.ApiError;

import java.io.IOException;

/**
 * The router's OpenAI-shaped failures as Anthropic's error body
 * (https://docs.anthropic.com/en/api/errors), for clients of {@code POST /v1/messages}. The HTTP status
 * is kept; the error type is the one Anthropic documents for it: 400 {@code invalid_request_error},
 * 401 {@code authentication_error}, 402 {@code billing_error}, 403 {@code permission_error}, 404
 * {@code not_found_error}, 413 {@code request_too_large}, 429 {@code rate_limit_error}, 503 and 529
 * {@code overloaded_error} (no backend can take the request now: worth a retry), 504
 * {@code timeout_error}, any other 5xx {@code api_error}, any other 4xx {@code invalid_request_error}.
 * In a stream that already started, send {@link AnthropicFailure#body()} as the {@code error} event
 * ({@link AnthropicSse#format}).
 */
public final class OpenAiErrorToAnthropic {

    private OpenAiErrorToAnthropic() {
    }

    public static AnthropicFailure translate(int status, ApiError error) {
        String message = error == null || error.error() == null || error.error().message() == null
                ? "HTTP " + status : error.error().message();
        return new AnthropicFailure(status, AnthropicError.of(AnthropicErrorToOpenAi.typeForStatus(status), message));
    }

    /** A raw OpenAI error answer; a body that is not OpenAI's envelope gets a message naming the status. */
    public static AnthropicFailure translate(int status, String body) {
        ApiError error = null;
        try {
            if (body != null && !body.isBlank()) {
                error = AnthropicSse.JSON.readValue(body, ApiError.class);
            }
        } catch (IOException | IllegalArgumentException e) {
            error = null;
        }
        return translate(status, error);
    }
}
