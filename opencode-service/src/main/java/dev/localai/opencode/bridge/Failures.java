package dev.localai.opencode.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import dev.localai.opencode.BridgeError;
import dev.localai.opencode.server.OpencodeCallException;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * OpenCode's ways of failing, as OpenAI errors. OpenCode answers a provider failure with HTTP 200 and an error
 * on the message, and retries a retryable one for a minute or more ({@code session.status} of type
 * {@code retry}); the bridge does not wait: the first retry is the answer (502, or 429 when the provider
 * rate-limits, with {@code Retry-After} from OpenCode's own next attempt, which honours the provider's header).
 */
final class Failures {

    /** The wording OpenCode's own retry policy reads as a rate limit ({@code session/retry.ts}). */
    private static final Pattern RATE_LIMIT = Pattern.compile(
            "\\b429\\b|rate increased too quickly|rate limit|rate-limit|rate_limit|too many requests|quota",
            Pattern.CASE_INSENSITIVE);

    private Failures() {
    }

    /** {@code session.status {type: "retry", attempt, message, next}}. */
    static BridgeError retry(JsonNode status, long nowMillis) {
        String message = status.path("message").asText("the provider failed");
        if (RATE_LIMIT.matcher(message).find()) {
            long next = status.path("next").asLong(nowMillis + 1000);
            return BridgeError.rateLimited(message, Duration.ofMillis(Math.max(1000, next - nowMillis)));
        }
        return BridgeError.provider("The provider failed (OpenCode would retry): " + message);
    }

    /** The {@code error} of {@code session.error} or of an assistant message, {@code {name, data: {…}}}. */
    static BridgeError error(JsonNode error) {
        String name = error.path("name").asText("UnknownError");
        JsonNode data = error.path("data");
        String message = data.path("message").asText(name);
        int status = data.path("statusCode").asInt(0);
        return switch (name) {
            case "APIError" -> status == 429
                    ? BridgeError.rateLimited(message, retryAfter(data.path("responseHeaders")))
                    : BridgeError.provider("The provider answered " + (status > 0 ? "HTTP " + status + ": " : "")
                    + message);
            case "ProviderAuthError" -> BridgeError.provider("The provider refused OpenCode's credentials: " + message
                    + " (log in again with opencode auth login)");
            case "ContextOverflowError" -> BridgeError.badRequest("The conversation is longer than the model's context"
                    + " window: " + message, "messages", "context_length_exceeded");
            case "ProviderModelNotFoundError", "ModelNotFoundError" -> BridgeError.provider(
                    "OpenCode has no such model: " + message);
            default -> BridgeError.provider("OpenCode failed to answer (" + name + "): " + message);
        };
    }

    /** Whether an error is OpenCode's record of an answer cut short because it was aborted. */
    static boolean isAborted(JsonNode error) {
        return "MessageAbortedError".equals(error.path("name").asText());
    }

    /** Whether an error is OpenCode's "the answer reached its output limit": an answer, cut at its length. */
    static boolean isOutputLength(JsonNode error) {
        return "MessageOutputLengthError".equals(error.path("name").asText());
    }

    /** A call to OpenCode's API that failed before the answer began. */
    static BridgeError call(Throwable failure) {
        if (failure instanceof BridgeError known) {
            return known;
        }
        if (failure instanceof OpencodeCallException call && call.status() == 0) {
            return BridgeError.unavailable(call.getMessage());
        }
        return BridgeError.opencode(failure.getMessage() == null ? failure.getClass().getSimpleName()
                : failure.getMessage());
    }

    private static Duration retryAfter(JsonNode headers) {
        String value = headers.path("retry-after").asText("");
        try {
            return Duration.ofMillis((long) (Double.parseDouble(value) * 1000));
        } catch (NumberFormatException e) {
            return Duration.ofSeconds(1);
        }
    }
}
