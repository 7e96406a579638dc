package dev.localai.standins.upstream;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;

/**
 * OpenAI's error envelope {@code {"error":{"message","type","param","code"}}}, with the messages,
 * types and codes of https://platform.openai.com/docs/guides/error-codes (API errors) and
 * https://platform.openai.com/docs/guides/rate-limits (429 and {@code Retry-After}).
 */
final class OpenAiErrors {

    private OpenAiErrors() {
    }

    static String envelope(String message, String type, String code) {
        ObjectNode root = ChatAnswers.JSON.createObjectNode();
        ObjectNode error = root.putObject("error").put("message", message).put("type", type).putNull("param");
        error.put("code", code);        // null becomes JSON null
        return root.toString();
    }

    /** The body of {@link Behaviour#status(int)}: OpenAI's wording where it documents the status. */
    static String forStatus(int status) {
        return switch (status) {
            case 401 -> envelope("Incorrect API key provided (fake upstream).", "invalid_request_error",
                    "invalid_api_key");
            case 429 -> envelope("Rate limit reached for requests.", "requests", "rate_limit_exceeded");
            case 500 -> envelope("The server had an error while processing your request. Sorry about that!",
                    "server_error", null);
            case 503 -> envelope("The engine is currently overloaded, please try again later.", "server_error",
                    null);
            default -> envelope("The fake upstream was told to answer HTTP " + status + ".",
                    status >= 500 ? "server_error" : "invalid_request_error", null);
        };
    }

    /** 429 "Rate limit reached for requests": type {@code requests}, code {@code rate_limit_exceeded}. */
    static String rateLimited(String model, Duration retryAfter) {
        return envelope("Rate limit reached for " + model + " in organization org-fake on requests per min (RPM):"
                + " Limit 1, Used 1, Requested 1. Please try again in " + retryAfterSeconds(retryAfter) + "s.",
                "requests", "rate_limit_exceeded");
    }

    /** Whole seconds, rounded up, as {@code Retry-After} carries them. */
    static long retryAfterSeconds(Duration retryAfter) {
        long seconds = retryAfter.getSeconds();
        return retryAfter.getNano() > 0 ? seconds + 1 : seconds;
    }

    static String invalidUrl(String method, String path) {
        return envelope("Invalid URL (" + method + " " + path + ")", "invalid_request_error", null);
    }

    static String badJson() {
        return envelope("We could not parse the JSON body of your request. (HINT: This likely means you aren't"
                + " using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was"
                + " not valid JSON.)", "invalid_request_error", null);
    }

    static String modelNotFound(String id) {
        return envelope("The model '" + id + "' does not exist", "invalid_request_error", "model_not_found");
    }
}
