package dev.localai.standins.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.localai.standins.server.LoopbackStub;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * {@code POST /v1/messages} with the checks of https://docs.anthropic.com/en/api/messages, in this order:
 * the {@code x-api-key} header (401 {@code authentication_error}), the {@code anthropic-version} header
 * (400), a JSON object body, no top-level field the API does not know ("Extra inputs are not
 * permitted"), {@code model}, {@code messages} and {@code max_tokens} present (400
 * {@code invalid_request_error}), every message's role {@code user} or {@code assistant}. Then a
 * configured failure, else the answer. Any other path is a 404 {@code not_found_error}. Every request is
 * recorded once its body has arrived, before it is checked.
 */
final class StubRoutes implements LoopbackStub.Routes {

    /** The request fields the Messages API reference lists; any other is refused, as the API does. */
    static final Set<String> KNOWN_FIELDS = Set.of("model", "messages", "max_tokens", "container",
            "context_management", "mcp_servers", "metadata", "service_tier", "stop_sequences", "stream", "system",
            "temperature", "thinking", "tool_choice", "tools", "top_k", "top_p");

    private final AnthropicStub stub;

    StubRoutes(AnthropicStub stub) {
        this.stub = stub;
    }

    @Override
    public void answer(HttpServerRequest request, Buffer body) {
        String requestId = stub.nextRequestId();
        if (!"POST".equals(request.method().name()) || !"/v1/messages".equals(request.path())) {
            error(request, requestId, "not_found_error", "Not found");
            return;
        }
        String key = request.getHeader("x-api-key");
        if (key == null || key.isBlank()) {
            error(request, requestId, "authentication_error", "x-api-key header is required");
            return;
        }
        if (!key.equals(stub.apiKey())) {
            error(request, requestId, "authentication_error", "invalid x-api-key");
            return;
        }
        if (request.getHeader("anthropic-version") == null) {
            error(request, requestId, "invalid_request_error", "anthropic-version: header is required");
            return;
        }
        JsonNode json = parse(body);
        String problem = json == null ? "The request body is not valid JSON." : problem(json);
        if (problem != null) {
            error(request, requestId, "invalid_request_error", problem);
            return;
        }
        StubFailure failure = stub.nextFailure();
        boolean stream = json.path("stream").asBoolean(false);
        if (failure != null && !(failure == StubFailure.OVERLOADED_MID_STREAM && stream)) {
            fail(request, requestId, failure);
            return;
        }
        MessageAnswers answers = new MessageAnswers(json, "msg_stub_" + requestId.substring("req_stub_".length()),
                stub.answerText(), stub.toolName(), stub.toolInput(), stub.cacheRead());
        if (!stream) {
            response(request, requestId, 200, "application/json").end(answers.message());
            return;
        }
        HttpServerResponse response = response(request, requestId, 200, "text/event-stream; charset=utf-8")
                .putHeader("cache-control", "no-cache").setChunked(true);
        List<String> opening = answers.openingEvents();
        opening.forEach(response::write);
        if (failure == StubFailure.OVERLOADED_MID_STREAM) {
            response.end(MessageAnswers.event("error", AnthropicErrors.body("overloaded_error", "Overloaded", null)
                    .without(List.of("request_id"))));
            return;
        }
        answers.closingEvents().forEach(response::write);
        response.end();
    }

    /** What the API would refuse in this body, in its wording; null when it is acceptable. */
    static String problem(JsonNode json) {
        if (!json.isObject()) {
            return "The request body is not a JSON object.";
        }
        for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!KNOWN_FIELDS.contains(name)) {
                return name + ": Extra inputs are not permitted";
            }
        }
        for (String required : List.of("model", "messages", "max_tokens")) {
            if (!json.has(required)) {
                return required + ": Field required";
            }
        }
        if (!json.get("max_tokens").canConvertToInt() || json.get("max_tokens").asInt() < 1) {
            return "max_tokens: Input should be greater than or equal to 1";
        }
        JsonNode messages = json.get("messages");
        if (!messages.isArray() || messages.isEmpty()) {
            return "messages: at least one message is required";
        }
        for (int i = 0; i < messages.size(); i++) {
            String role = messages.get(i).path("role").asText("");
            if ("system".equals(role)) {
                return "messages: Unexpected role \"system\". The Messages API accepts a top-level `system`"
                        + " parameter, not \"system\" as an input message role.";
            }
            if (!"user".equals(role) && !"assistant".equals(role)) {
                return "messages." + i + ".role: Input should be 'user' or 'assistant'";
            }
        }
        return null;
    }

    private void fail(HttpServerRequest request, String requestId, StubFailure failure) {
        switch (failure) {
            case RATE_LIMITED -> {
                request.response().putHeader("retry-after", String.valueOf(stub.retryAfterSeconds()));
                error(request, requestId, "rate_limit_error", "Number of request tokens has exceeded your"
                        + " per-minute rate limit (https://docs.anthropic.com/en/api/rate-limits)");
            }
            case OVERLOADED, OVERLOADED_MID_STREAM -> error(request, requestId, "overloaded_error", "Overloaded");
            case API_ERROR -> error(request, requestId, "api_error", "Internal server error");
        }
    }

    private static void error(HttpServerRequest request, String requestId, String type, String message) {
        response(request, requestId, AnthropicErrors.status(type), "application/json")
                .end(AnthropicErrors.body(type, message, requestId).toString());
    }

    private static HttpServerResponse response(HttpServerRequest request, String requestId, int status,
                                               String contentType) {
        return request.response().setStatusCode(status).putHeader("content-type", contentType)
                .putHeader("request-id", requestId);
    }

    private static JsonNode parse(Buffer body) {
        try {
            return MessageAnswers.JSON.readTree(body.getBytes());
        } catch (IOException e) {
            return null;
        }
    }
}
