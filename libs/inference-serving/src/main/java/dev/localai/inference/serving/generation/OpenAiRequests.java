package dev.localai.inference.serving.generation;

import dev.localai.openai.ApiException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.localai.inference.ChatTurn;
import dev.localai.inference.GenerationRequest;
import dev.localai.openai.ChatCompletionRequest;
import dev.localai.openai.ChatMessage;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and checks the bodies of {@code POST /v1/chat/completions} and {@code POST /v1/completions}
 * (https://platform.openai.com/docs/api-reference/chat/create, .../completions/create). Anything wrong
 * is a 400 naming the field.
 */
@ApplicationScoped
public class OpenAiRequests {

    /** OpenAI's default for the legacy completions endpoint. */
    static final int COMPLETIONS_DEFAULT_MAX_TOKENS = 16;

    private final ObjectMapper json;

    public OpenAiRequests(ObjectMapper json) {
        this.json = json;
    }

    public InferenceCall chat(byte[] body) {
        ChatCompletionRequest r;
        try {
            r = json.readValue(body, ChatCompletionRequest.class);
        } catch (IOException e) {
            throw unparseable(e);
        }
        requireModel(r.model());
        if (r.messages() == null || r.messages().isEmpty()) {
            throw ApiException.badRequest("'messages' must be a non-empty array", "messages", null);
        }
        List<ChatTurn> turns = new ArrayList<>();
        for (ChatMessage m : r.messages()) {
            if (m == null || m.role() == null || m.role().isBlank()) {
                throw ApiException.badRequest("every message needs a 'role'", "messages", null);
            }
            turns.add(new ChatTurn(m.role(), m.text()));
        }
        if (r.n() != null && r.n() != 1) {
            throw ApiException.badRequest("only n = 1 is supported", "n", null);
        }
        GenerationRequest request = new GenerationRequest(turns, null, maxTokens(r.completionTokenLimit()),
                temperature(r.temperature()), topP(r.topP()), r.stopSequences(), r.seed());
        return new InferenceCall(r.model(), request, r.wantsStream(), r.includeUsage(), InferenceCall.Shape.CHAT);
    }

    public InferenceCall completion(byte[] body) {
        JsonNode r;
        try {
            r = json.readTree(body);
        } catch (IOException e) {
            throw unparseable(e);
        }
        if (r == null || !r.isObject()) {
            throw ApiException.badRequest("the body must be a JSON object", null, null);
        }
        String model = r.path("model").isTextual() ? r.path("model").asText() : null;
        requireModel(model);
        JsonNode prompt = r.path("prompt");
        if (prompt.isArray() && prompt.size() == 1 && prompt.get(0).isTextual()) {
            prompt = prompt.get(0);
        }
        if (!prompt.isTextual()) {
            throw ApiException.badRequest("'prompt' must be a string (or an array of one string)", "prompt", null);
        }
        Integer max = r.hasNonNull("max_tokens") ? integer(r.get("max_tokens"), "max_tokens") : COMPLETIONS_DEFAULT_MAX_TOKENS;
        List<String> stop = new ArrayList<>();
        if (r.path("stop").isTextual()) {
            stop.add(r.path("stop").asText());
        } else {
            r.path("stop").forEach(s -> stop.add(s.asText()));
        }
        GenerationRequest request = new GenerationRequest(null, prompt.asText(), maxTokens(max),
                temperature(number(r.get("temperature"), "temperature")), topP(number(r.get("top_p"), "top_p")), stop,
                r.hasNonNull("seed") ? r.get("seed").asLong() : null);
        boolean usage = r.path("stream_options").path("include_usage").asBoolean(false);
        return new InferenceCall(model, request, r.path("stream").asBoolean(false), usage, InferenceCall.Shape.TEXT);
    }

    private static void requireModel(String model) {
        if (model == null || model.isBlank()) {
            throw ApiException.badRequest("'model' is required", "model", null);
        }
    }

    private static Integer maxTokens(Integer max) {
        if (max != null && max < 1) {
            throw ApiException.badRequest("'max_tokens' must be at least 1", "max_tokens", null);
        }
        return max;
    }

    private static Double temperature(Double t) {
        if (t != null && (t < 0 || t > 2)) {
            throw ApiException.badRequest("'temperature' must be between 0 and 2", "temperature", null);
        }
        return t;
    }

    private static Double topP(Double p) {
        if (p != null && (p <= 0 || p > 1)) {
            throw ApiException.badRequest("'top_p' must be greater than 0 and at most 1", "top_p", null);
        }
        return p;
    }

    private static Integer integer(JsonNode node, String field) {
        if (!node.canConvertToInt() || !node.isIntegralNumber()) {
            throw ApiException.badRequest("'" + field + "' must be an integer", field, null);
        }
        return node.asInt();
    }

    private static Double number(JsonNode node, String field) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isNumber()) {
            throw ApiException.badRequest("'" + field + "' must be a number", field, null);
        }
        return node.asDouble();
    }

    private static ApiException unparseable(IOException e) {
        String detail = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        return ApiException.badRequest("We could not parse the JSON body of your request: " + detail, null, null);
    }
}
