package dev.localai.testsupport.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * The payloads the fake sends, shaped as OpenAI documents them: a {@code chat.completion}
 * (https://platform.openai.com/docs/api-reference/chat/object), {@code chat.completion.chunk}
 * events (https://platform.openai.com/docs/api-reference/chat-streaming/streaming), the model list
 * (https://platform.openai.com/docs/api-reference/models/list) and the error envelope
 * (https://platform.openai.com/docs/guides/error-codes).
 *
 * <p>Token counts are words (runs of non-space characters): the prompt counts every text of every
 * message, the completion counts the answer; total is their sum.
 */
final class ChatAnswers {

    static final ObjectMapper JSON = new ObjectMapper();

    private ChatAnswers() {
    }

    static int words(String text) {
        String trimmed = text.strip();
        return trimmed.isEmpty() ? 0 : trimmed.split("\\s+").length;
    }

    static int promptTokens(JsonNode request) {
        int count = 0;
        for (JsonNode message : request.path("messages")) {
            JsonNode content = message.path("content");
            if (content.isTextual()) {
                count += words(content.asText());
            } else {
                for (JsonNode part : content) {
                    count += words(part.path("text").asText(""));
                }
            }
        }
        return count;
    }

    /** Splits the answer into pieces that join to it exactly: per word (spaces kept) or {@code n} even parts. */
    static List<String> pieces(String answer, int n) {
        List<String> out = new ArrayList<>();
        if (answer.isEmpty()) {
            out.add("");
            return out;
        }
        if (n <= 0) {
            for (String piece : answer.split("(?<=\\s)(?=\\S)")) {
                out.add(piece);
            }
            return out;
        }
        int count = Math.min(n, answer.length());
        for (int i = 0; i < count; i++) {
            out.add(answer.substring(i * answer.length() / count, (i + 1) * answer.length() / count));
        }
        return out;
    }

    static ObjectNode usage(int prompt, int completion) {
        return JSON.createObjectNode().put("prompt_tokens", prompt).put("completion_tokens", completion)
                .put("total_tokens", prompt + completion);
    }

    static String completion(String id, String model, String answer, int promptTokens) {
        ObjectNode root = base(id, "chat.completion", model);
        ObjectNode choice = root.putArray("choices").addObject().put("index", 0);
        choice.putObject("message").put("role", "assistant").put("content", answer).putNull("refusal");
        choice.putNull("logprobs");
        choice.put("finish_reason", "stop");
        root.set("usage", usage(promptTokens, words(answer)));
        return root.toString();
    }

    /** A content chunk; the first one also carries the role. */
    static String chunk(String id, String model, String content, boolean first) {
        ObjectNode root = base(id, "chat.completion.chunk", model);
        ObjectNode choice = root.putArray("choices").addObject().put("index", 0);
        ObjectNode delta = choice.putObject("delta");
        if (first) {
            delta.put("role", "assistant");
        }
        delta.put("content", content);
        choice.putNull("logprobs");
        choice.putNull("finish_reason");
        return root.toString();
    }

    static String finishChunk(String id, String model) {
        ObjectNode root = base(id, "chat.completion.chunk", model);
        ObjectNode choice = root.putArray("choices").addObject().put("index", 0);
        choice.putObject("delta");
        choice.putNull("logprobs");
        choice.put("finish_reason", "stop");
        return root.toString();
    }

    /** The last chunk with {@code stream_options.include_usage}: empty choices, usage set. */
    static String usageChunk(String id, String model, int promptTokens, String answer) {
        ObjectNode root = base(id, "chat.completion.chunk", model);
        root.putArray("choices");
        root.set("usage", usage(promptTokens, words(answer)));
        return root.toString();
    }

    static String models(List<String> ids, long created) {
        ObjectNode root = JSON.createObjectNode().put("object", "list");
        ArrayNode data = root.putArray("data");
        for (String id : ids) {
            data.addObject().put("id", id).put("object", "model").put("created", created).put("owned_by", "fake");
        }
        return root.toString();
    }

    static String error(String message, String type, String code) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode error = root.putObject("error").put("message", message).put("type", type).putNull("param");
        if (code == null) {
            error.putNull("code");
        } else {
            error.put("code", code);
        }
        return root.toString();
    }

    private static ObjectNode base(String id, String object, String model) {
        ObjectNode root = JSON.createObjectNode().put("id", id).put("object", object)
                .put("created", System.currentTimeMillis() / 1000).put("model", model);
        root.putNull("system_fingerprint");
        return root;
    }
}
