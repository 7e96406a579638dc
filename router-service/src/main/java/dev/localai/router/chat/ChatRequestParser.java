package dev.localai.router.chat;

import dev.localai.openai.http.BodyErrors;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.localai.openai.ChatCompletionRequest;
import dev.localai.openai.ChatMessage;
import dev.localai.openai.ApiException;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * Reads a chat completions body and rejects what no backend could serve, with OpenAI's wording,
 * {@code param} and {@code code}: malformed JSON, a body that is not an object, a missing or empty
 * {@code messages}, a message without a valid {@code role}, and fields of the wrong type (read strictly:
 * {@code "5"} is no integer), then the fields whose shape the router itself relies on
 * ({@link ChatRequestChecks}).
 */
@Singleton
public class ChatRequestParser {

    static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool", "function");

    private final ObjectMapper json;

    public ChatRequestParser(ObjectMapper json) {
        this.json = BodyErrors.strict(json);
    }

    public ChatCompletionRequest parse(byte[] body) {
        if (body.length == 0) {
            throw ApiException.badRequest("The request body is empty; expected a JSON object with 'messages'.",
                    null, "invalid_json");
        }
        ChatCompletionRequest request;
        try (JsonParser parser = json.createParser(body)) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw ApiException.badRequest("The request body must be a JSON object.", null, "invalid_type");
            }
            request = json.readValue(parser, ChatCompletionRequest.class);
        } catch (JsonMappingException e) {
            throw BodyErrors.wrongType(e);
        } catch (JsonProcessingException e) {
            throw BodyErrors.notJson(e, "invalid_json");
        } catch (IOException e) {
            throw ApiException.badRequest("The request body could not be read.", null, "invalid_json");
        }
        validate(request);
        ChatRequestChecks.check(request);
        return request;
    }

    private static void validate(ChatCompletionRequest request) {
        List<ChatMessage> messages = request.messages();
        if (messages == null) {
            throw ApiException.badRequest("Missing required parameter: 'messages'.", "messages",
                    "missing_required_parameter");
        }
        if (messages.isEmpty()) {
            throw ApiException.badRequest("Invalid 'messages': empty array. Expected an array with minimum "
                    + "length 1, but got an empty array instead.", "messages", "empty_array");
        }
        for (int i = 0; i < messages.size(); i++) {
            ChatMessage message = messages.get(i);
            String param = "messages[" + i + "].role";
            if (message == null) {
                throw ApiException.badRequest("Invalid 'messages[" + i + "]': expected an object, but got null.",
                        "messages[" + i + "]", "invalid_type");
            }
            if (message.role() == null) {
                throw ApiException.badRequest("Missing required parameter: '" + param + "'.", param,
                        "missing_required_parameter");
            }
            if (!ROLES.contains(message.role())) {
                throw ApiException.badRequest("Invalid value: '" + message.role() + "'. Supported values are: "
                        + "'system', 'developer', 'user', 'assistant', 'tool', and 'function'.", param, "invalid_value");
            }
        }
        Integer limit = request.completionTokenLimit();
        if (limit != null && limit < 1) {
            String param = request.maxCompletionTokens() != null ? "max_completion_tokens" : "max_tokens";
            throw ApiException.badRequest("Invalid '" + param + "': integer below minimum value. Expected a value "
                    + ">= 1, but got " + limit + " instead.", param, "integer_below_min_value");
        }
    }

}
