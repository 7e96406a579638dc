package dev.localai.opencode.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.localai.openai.Usage;

import java.time.Instant;
import java.util.UUID;

/**
 * The JSON of one answer in OpenAI's shapes (https://platform.openai.com/docs/api-reference/chat/object and
 * .../chat-streaming/streaming): {@code chat.completion}, and the {@code chat.completion.chunk}s of a stream,
 * which share one id and {@code created}. Reasoning goes in {@code reasoning_content}, next to {@code content},
 * as DeepSeek, vLLM and llama.cpp's server send it.
 */
final class AnswerJson {

    private final ObjectMapper json;
    private final String id = "chatcmpl-" + UUID.randomUUID().toString().replace("-", "");
    private final long created = Instant.now().getEpochSecond();
    private final String model;

    AnswerJson(ObjectMapper json, String model) {
        this.json = json;
        this.model = model;
    }

    /** A chunk whose delta carries {@code field} ({@code content} or {@code reasoning_content}). */
    String delta(boolean first, String field, String text) {
        ObjectNode root = base("chat.completion.chunk");
        ObjectNode choice = root.putArray("choices").addObject().put("index", 0);
        ObjectNode delta = choice.putObject("delta");
        if (first) {
            delta.put("role", "assistant");
        }
        delta.put(field, text);
        choice.putNull("logprobs").putNull("finish_reason");
        return root.toString();
    }

    /** The chunk that ends the choice: an empty delta and its finish reason. */
    String finish(String finishReason) {
        ObjectNode root = base("chat.completion.chunk");
        ObjectNode choice = root.putArray("choices").addObject().put("index", 0);
        choice.putObject("delta");
        choice.putNull("logprobs").put("finish_reason", finishReason);
        return root.toString();
    }

    /** The usage chunk of {@code stream_options.include_usage}: no choices. */
    String usageChunk(Usage usage) {
        ObjectNode root = base("chat.completion.chunk");
        root.putArray("choices");
        root.set("usage", json.valueToTree(usage));
        return root.toString();
    }

    String completion(String content, String reasoning, String finishReason, Usage usage) {
        ObjectNode root = base("chat.completion");
        ObjectNode choice = root.putArray("choices").addObject().put("index", 0);
        ObjectNode message = choice.putObject("message").put("role", "assistant").put("content", content);
        if (!reasoning.isEmpty()) {
            message.put("reasoning_content", reasoning);
        }
        message.putNull("refusal");
        choice.putNull("logprobs").put("finish_reason", finishReason);
        root.set("usage", json.valueToTree(usage));
        return root.toString();
    }

    private ObjectNode base(String object) {
        ObjectNode root = json.createObjectNode().put("id", id).put("object", object).put("created", created)
                .put("model", model);
        root.putNull("system_fingerprint");
        return root;
    }
}
