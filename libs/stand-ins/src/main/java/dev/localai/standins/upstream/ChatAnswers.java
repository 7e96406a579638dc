package dev.localai.standins.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The payloads of one chat answer, shaped as OpenAI documents them: the {@code chat.completion}
 * object (https://platform.openai.com/docs/api-reference/chat/object) and the
 * {@code chat.completion.chunk} events of a stream
 * (https://platform.openai.com/docs/api-reference/chat-streaming/streaming), each framed as a
 * server-sent event {@code data: <json>\n\n}; also the model list
 * (https://platform.openai.com/docs/api-reference/models/list).
 *
 * <p>Reasoning, when set, is {@code reasoning_content} as DeepSeek documents it
 * (https://api-docs.deepseek.com/guides/reasoning_model): streamed before the answer, in the message otherwise.
 *
 * <p>One choice, {@code finish_reason "stop"}, {@code system_fingerprint null}; every chunk of a
 * stream shares the id and {@code created}. With {@code stream_options.include_usage} every chunk
 * carries {@code "usage": null} and a last chunk with {@code "choices": []} carries the usage.
 *
 * <p><b>Token counts are words</b> (runs of non-whitespace): the prompt counts the text of every
 * message ({@code content} as a string, or the {@code text} of each content part); the completion
 * counts the answer and the reasoning ({@code completion_tokens_details.reasoning_tokens} the reasoning alone);
 * {@code total_tokens} is their sum.
 */
final class ChatAnswers {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String DONE = "data: [DONE]\n\n";

    private final String id;
    private final String model;
    private final long created = Instant.now().getEpochSecond();
    private final String answer;
    private final String reasoning;
    private final int promptTokens;
    private final boolean stream;
    private final boolean includeUsage;
    private final Double logprob;
    private final String finishReason;

    ChatAnswers(JsonNode request, String id, String answer, String reasoning) {
        this(request, id, answer, reasoning, null, "stop");
    }

    /**
     * @param logprob      the log-probability given to every token of the answer when the request asks for
     *                     {@code logprobs}; null: none (as a backend that cannot report them: {@code "logprobs": null})
     * @param finishReason the answer's {@code finish_reason}: {@code stop}, or {@code length} for an answer cut by
     *                     the token limit
     */
    ChatAnswers(JsonNode request, String id, String answer, String reasoning, Double logprob, String finishReason) {
        this.logprob = request.path("logprobs").asBoolean(false) ? logprob : null;
        this.finishReason = finishReason;
        this.id = id;
        this.model = request.path("model").asText("fake-model");
        this.answer = answer;
        this.reasoning = reasoning;
        this.promptTokens = promptTokens(request);
        this.stream = request.path("stream").asBoolean(false);
        this.includeUsage = stream && request.path("stream_options").path("include_usage").asBoolean(false);
    }

    boolean stream() {
        return stream;
    }

    String model() {
        return model;
    }

    String completion() {
        ObjectNode root = base("chat.completion");
        ObjectNode choice = root.putArray("choices").addObject().put("index", 0);
        ObjectNode message = choice.putObject("message").put("role", "assistant").put("content", answer);
        if (!reasoning.isEmpty()) {
            message.put("reasoning_content", reasoning);
        }
        message.putNull("refusal");
        logprobs(choice, pieces(answer, 0));
        choice.put("finish_reason", finishReason);
        root.set("usage", usage());
        return root.toString();
    }

    /**
     * One event per word of the reasoning, if any, then one per piece of the answer ({@code chunks} pieces; 0: one
     * per word); the first event carries the role.
     */
    List<String> contentEvents(int chunks) {
        List<String> events = new ArrayList<>();
        List<String> thoughts = reasoning.isEmpty() ? List.of() : pieces(reasoning, 0);
        for (String thought : thoughts) {
            ObjectNode delta = JSON.createObjectNode();
            if (events.isEmpty()) {
                delta.put("role", "assistant");
            }
            events.add(event(chunk(delta.put("reasoning_content", thought), null)));
        }
        for (String piece : pieces(answer, chunks)) {
            ObjectNode delta = JSON.createObjectNode();
            if (events.isEmpty()) {
                delta.put("role", "assistant");
            }
            ObjectNode chunk = chunk(delta.put("content", piece), null);
            logprobs((ObjectNode) chunk.path("choices").get(0), List.of(piece));
            events.add(event(chunk));
        }
        return events;
    }

    /** The finish event, the usage event when asked for, and [DONE]. */
    List<String> closingEvents() {
        List<String> events = new ArrayList<>();
        events.add(event(chunk(JSON.createObjectNode(), finishReason)));
        if (includeUsage) {
            ObjectNode last = base("chat.completion.chunk");
            last.putArray("choices");
            last.set("usage", usage());
            events.add(event(last));
        }
        events.add(DONE);
        return events;
    }

    static String event(Object data) {
        return "data: " + data + "\n\n";
    }

    static String models(List<String> ids, long created) {
        ObjectNode root = JSON.createObjectNode().put("object", "list");
        ArrayNode data = root.putArray("data");
        ids.forEach(id -> data.add(model(id, created)));
        return root.toString();
    }

    static ObjectNode model(String id, long created) {
        return JSON.createObjectNode().put("id", id).put("object", "model").put("created", created)
                .put("owned_by", "fake");
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

    /**
     * Pieces that join to exactly {@code answer}: one per word with its trailing whitespace
     * ({@code n == 0}), or {@code n} parts of about equal length (at most one per character, never
     * splitting a surrogate pair). An empty answer is one empty piece.
     */
    static List<String> pieces(String answer, int n) {
        List<String> out = new ArrayList<>();
        if (answer.isEmpty()) {
            out.add("");
        } else if (n == 0) {
            out.addAll(List.of(answer.split("(?<=\\s)(?=\\S)")));
        } else {
            int length = answer.codePointCount(0, answer.length());
            int count = Math.min(n, length);
            int start = 0;
            for (int i = 1; i <= count; i++) {
                int end = answer.offsetByCodePoints(0, (int) ((long) i * length / count));
                out.add(answer.substring(start, end));
                start = end;
            }
        }
        return out;
    }

    private ObjectNode chunk(ObjectNode delta, String finishReason) {
        ObjectNode root = base("chat.completion.chunk");
        ObjectNode choice = root.putArray("choices").addObject().put("index", 0);
        choice.set("delta", delta);
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason);
        if (includeUsage) {
            root.putNull("usage");
        }
        return root;
    }

    /**
     * OpenAI's {@code logprobs} of a choice: {@code {"content": [{"token", "logprob", "bytes", "top_logprobs"}],
     * "refusal": null}}, one entry per token (here: per piece), or null when not asked for or not set.
     */
    private void logprobs(ObjectNode choice, List<String> tokens) {
        if (logprob == null) {
            choice.putNull("logprobs");
            return;
        }
        ObjectNode logprobs = choice.putObject("logprobs");
        ArrayNode content = logprobs.putArray("content");
        for (String token : tokens) {
            if (token.isEmpty()) {
                continue;
            }
            ObjectNode entry = content.addObject().put("token", token).put("logprob", logprob);
            ArrayNode bytes = entry.putArray("bytes");
            for (byte b : token.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
                bytes.add(b & 0xFF);
            }
            entry.putArray("top_logprobs");
        }
        logprobs.putNull("refusal");
    }

    private ObjectNode usage() {
        int thinking = words(reasoning);
        int completion = words(answer) + thinking;
        ObjectNode usage = JSON.createObjectNode().put("prompt_tokens", promptTokens)
                .put("completion_tokens", completion).put("total_tokens", promptTokens + completion);
        if (thinking > 0) {
            usage.putObject("completion_tokens_details").put("reasoning_tokens", thinking);
        }
        return usage;
    }

    private ObjectNode base(String object) {
        ObjectNode root = JSON.createObjectNode().put("id", id).put("object", object).put("created", created)
                .put("model", model);
        root.putNull("system_fingerprint");
        return root;
    }
}
