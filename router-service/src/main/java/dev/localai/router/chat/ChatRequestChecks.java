package dev.localai.router.chat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.localai.openai.ChatCompletionRequest;
import dev.localai.openai.ChatMessage;
import dev.localai.openai.MessageContent;
import dev.localai.openai.ApiException;

import java.util.Map;

/**
 * The shape of the fields a typed read lets through as free JSON, checked as OpenAI documents them
 * (https://platform.openai.com/docs/api-reference/chat/create), so that a value no backend could
 * take, or that the router would misread, is a 400 naming the field instead of a silent guess:
 * the router's own {@code tags} (a string or an array of strings: a privacy tag that cannot be read
 * must never send a request to the cloud), content parts ({@code text}, {@code image_url},
 * {@code input_audio}, {@code file}), {@code logit_bias}, {@code stop} and {@code tool_choice}.
 */
final class ChatRequestChecks {

    private ChatRequestChecks() {
    }

    static void check(ChatCompletionRequest request) {
        JsonNode tags = request.extra().get("tags");
        if (tags != null && !tags.isNull() && !tags.isTextual()) {
            if (!tags.isArray()) {
                throw invalid("tags", "expected a string or an array of strings");
            }
            for (int i = 0; i < tags.size(); i++) {
                if (!tags.get(i).isTextual()) {
                    throw invalid("tags[" + i + "]", "expected a string");
                }
            }
        }
        JsonNode bias = request.extra().get("logit_bias");
        if (bias != null && !bias.isNull()) {
            if (!bias.isObject()) {
                throw invalid("logit_bias", "expected an object mapping token ids to numbers from -100 to 100");
            }
            for (Map.Entry<String, JsonNode> e : bias.properties()) {
                if (!e.getValue().isNumber() || Math.abs(e.getValue().asDouble()) > 100) {
                    throw invalid("logit_bias." + e.getKey(), "expected a number from -100 to 100");
                }
            }
        }
        JsonNode stop = request.stop();
        if (stop != null && !stop.isNull() && !stop.isTextual()) {
            if (!stop.isArray()) {
                throw invalid("stop", "expected a string or an array of strings");
            }
            for (int i = 0; i < stop.size(); i++) {
                if (!stop.get(i).isTextual()) {
                    throw invalid("stop[" + i + "]", "expected a string");
                }
            }
        }
        JsonNode choice = request.toolChoice();
        if (choice != null && !choice.isNull() && !choice.isTextual() && !choice.isObject()) {
            throw invalid("tool_choice", "expected a string or an object");
        }
        for (int i = 0; i < request.messages().size(); i++) {
            ChatMessage message = request.messages().get(i);
            if (message.content() instanceof MessageContent.Parts parts) {
                for (int j = 0; j < parts.parts().size(); j++) {
                    part(parts.parts().get(j), "messages[" + i + "].content[" + j + "]");
                }
            }
        }
    }

    private static void part(MessageContent.Part part, String param) {
        if (part == null) {
            throw invalid(param, "expected a content part object");
        }
        if (part.type() == null) {
            throw ApiException.badRequest("Missing required parameter: '" + param + ".type'.", param + ".type",
                    "missing_required_parameter");
        }
        switch (part.type()) {
            case "text" -> {
                if (part.text() == null) {
                    throw ApiException.badRequest("Missing required parameter: '" + param + ".text'.",
                            param + ".text", "missing_required_parameter");
                }
            }
            case "image_url" -> {
                JsonNode image = part.imageUrl();
                boolean ok = image != null && (image.isTextual() || image.isObject() && image.path("url").isTextual());
                if (!ok) {
                    throw invalid(param + ".image_url", "expected an object with a 'url' string");
                }
            }
            case "input_audio" -> {
                JsonNode audio = part.inputAudio();
                if (audio == null || !audio.isObject() || !audio.path("data").isTextual()) {
                    throw invalid(param + ".input_audio", "expected an object with 'data' and 'format' strings");
                }
            }
            case "file" -> {
                if (part.file() == null || !part.file().isObject()) {
                    throw invalid(param + ".file", "expected an object");
                }
            }
            default -> {
                // a newer part type: passed on whole for a backend that knows it
            }
        }
    }

    private static ApiException invalid(String param, String expected) {
        return ApiException.badRequest("Invalid type for '" + param + "': " + expected + ".", param,
                "invalid_type");
    }
}
