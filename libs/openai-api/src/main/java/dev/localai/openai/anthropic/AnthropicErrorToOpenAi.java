package dev.localai.openai.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.localai.openai.ApiError;

import java.io.IOException;

/**
 * Anthropic's error answers (https://docs.anthropic.com/en/api/errors) as what the router's OpenAI
 * client should see. A failure that is the router's own doing (its provider key, permissions or billing)
 * is not the client's 401/403: it is a 502 that says so, without the key. {@code code} carries
 * Anthropic's error type.
 *
 * <table>
 *   <caption>Anthropic error type (status) → status and OpenAI type for our client</caption>
 *   <tr><td>invalid_request_error (400)</td><td>400 invalid_request_error</td></tr>
 *   <tr><td>authentication_error (401), billing_error (402), permission_error (403)</td>
 *       <td>502 upstream_error: the router's provider configuration</td></tr>
 *   <tr><td>not_found_error (404)</td><td>404 invalid_request_error</td></tr>
 *   <tr><td>request_too_large (413)</td><td>413 invalid_request_error</td></tr>
 *   <tr><td>rate_limit_error (429)</td><td>429 rate_limit_error</td></tr>
 *   <tr><td>api_error (500)</td><td>502 upstream_error</td></tr>
 *   <tr><td>timeout_error (504)</td><td>504 upstream_error</td></tr>
 *   <tr><td>overloaded_error (529)</td><td>503 service_unavailable_error</td></tr>
 * </table>
 * An unknown type, or a body that is not Anthropic's error shape (a proxy's HTML page, say), maps by the
 * HTTP status the same way; any other 4xx is a 400 and any other 5xx a 502.
 */
public final class AnthropicErrorToOpenAi {

    private AnthropicErrorToOpenAi() {
    }

    /** An error answer: the HTTP status and the raw body, whatever it is. */
    public static OpenAiFailure translate(int status, String body) {
        AnthropicError error = parse(body);
        if (error == null || error.errorType() == null) {
            return byType(typeForStatus(status), "Anthropic answered HTTP " + status + " without its error body",
                    null);
        }
        return translate(error, status);
    }

    /** An error event of a stream, which has no HTTP status of its own. */
    public static OpenAiFailure translate(AnthropicError error) {
        return translate(error, 0);
    }

    private static OpenAiFailure translate(AnthropicError error, int status) {
        String type = error.errorType();
        if (!isKnown(type)) {
            type = typeForStatus(status);
        }
        return byType(type, error.message(), error.requestId());
    }

    private static OpenAiFailure byType(String type, String message, String requestId) {
        String said = (message == null || message.isBlank() ? "no message" : message)
                + (requestId == null ? "" : " (request_id " + requestId + ")");
        return switch (type) {
            case AnthropicError.AUTHENTICATION -> upstream(502, type, "The Anthropic backend refused the router's"
                    + " API key (authentication_error): the provider key is missing or wrong in the router's"
                    + " configuration; your request was not at fault"
                    + (requestId == null ? "" : " (request_id " + requestId + ")"));
            case AnthropicError.PERMISSION, AnthropicError.BILLING -> upstream(502, type, "The Anthropic backend"
                    + " refused the router's account (" + type + "): " + said
                    + "; check the provider key's permissions and billing");
            case AnthropicError.NOT_FOUND -> client(404, type, said);
            case AnthropicError.REQUEST_TOO_LARGE -> client(413, type, said);
            case AnthropicError.RATE_LIMIT -> new OpenAiFailure(429,
                    ApiError.of("Anthropic rate limit: " + said, ApiError.RATE_LIMIT, null, type));
            case AnthropicError.OVERLOADED -> new OpenAiFailure(503,
                    ApiError.of("Anthropic is overloaded: " + said, ApiError.UNAVAILABLE, null, type));
            case AnthropicError.TIMEOUT -> upstream(504, type, "Anthropic timed out: " + said);
            case AnthropicError.API_ERROR -> upstream(502, type, "Anthropic failed: " + said);
            default -> client(400, type, said);
        };
    }

    private static OpenAiFailure client(int status, String type, String message) {
        return new OpenAiFailure(status, ApiError.of("Anthropic: " + message, ApiError.INVALID_REQUEST, null, type));
    }

    private static OpenAiFailure upstream(int status, String type, String message) {
        return new OpenAiFailure(status, ApiError.of(message, ApiError.UPSTREAM_ERROR, null, type));
    }

    /** The error type Anthropic documents for an HTTP status. */
    static String typeForStatus(int status) {
        return switch (status) {
            case 401 -> AnthropicError.AUTHENTICATION;
            case 402 -> AnthropicError.BILLING;
            case 403 -> AnthropicError.PERMISSION;
            case 404 -> AnthropicError.NOT_FOUND;
            case 413 -> AnthropicError.REQUEST_TOO_LARGE;
            case 429 -> AnthropicError.RATE_LIMIT;
            case 504 -> AnthropicError.TIMEOUT;
            case 503, 529 -> AnthropicError.OVERLOADED;
            default -> status >= 400 && status < 500 ? AnthropicError.INVALID_REQUEST : AnthropicError.API_ERROR;
        };
    }

    private static boolean isKnown(String type) {
        return type != null && switch (type) {
            case AnthropicError.INVALID_REQUEST, AnthropicError.AUTHENTICATION, AnthropicError.BILLING,
                    AnthropicError.PERMISSION, AnthropicError.NOT_FOUND, AnthropicError.REQUEST_TOO_LARGE,
                    AnthropicError.RATE_LIMIT, AnthropicError.API_ERROR, AnthropicError.TIMEOUT,
                    AnthropicError.OVERLOADED -> true;
            default -> false;
        };
    }

    private static AnthropicError parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode tree = AnthropicSse.JSON.readTree(body);
            return tree != null && tree.path("error").isObject()
                    ? AnthropicSse.JSON.treeToValue(tree, AnthropicError.class) : null;
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }
}
