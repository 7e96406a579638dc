package dev.localai.standins.anthropic;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Anthropic's error bodies (https://docs.anthropic.com/en/api/errors): a top-level {@code type} of
 * {@code error}, an {@code error} object with {@code type} and {@code message}, and a {@code request_id}.
 * The messages are the API's wording for the cases the stub checks.
 */
final class AnthropicErrors {

    private AnthropicErrors() {
    }

    static ObjectNode body(String type, String message, String requestId) {
        ObjectNode root = MessageAnswers.JSON.createObjectNode().put("type", "error");
        root.putObject("error").put("type", type).put("message", message);
        root.put("request_id", requestId);
        return root;
    }

    /** The HTTP status Anthropic documents for an error type. */
    static int status(String type) {
        return switch (type) {
            case "invalid_request_error" -> 400;
            case "authentication_error" -> 401;
            case "permission_error" -> 403;
            case "not_found_error" -> 404;
            case "rate_limit_error" -> 429;
            case "overloaded_error" -> 529;
            default -> 500;
        };
    }
}
