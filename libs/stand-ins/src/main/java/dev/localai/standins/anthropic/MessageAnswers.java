package dev.localai.standins.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * The payloads of one answer, shaped as Anthropic documents them: the Message object
 * (https://docs.anthropic.com/en/api/messages) and the events of a stream
 * (https://docs.anthropic.com/en/docs/build-with-claude/streaming), each framed
 * {@code event: <type>\ndata: <json>\n\n}, in the documented order: {@code message_start}, the text
 * block ({@code content_block_start}, a {@code ping}, one {@code text_delta} per word,
 * {@code content_block_stop}), the tool_use block when configured (its input in {@code input_json_delta}
 * fragments), {@code message_delta}, {@code message_stop}.
 *
 * <p>The answer honours the request: a configured stop sequence that occurs in it cuts it there
 * ({@code stop_reason: stop_sequence}, {@code stop_sequence} set); more words than {@code max_tokens} cut it
 * to {@code max_tokens} words ({@code stop_reason: max_tokens}, no tool use); otherwise {@code tool_use}
 * when a tool answer is set, else {@code end_turn}.
 *
 * <p><b>Token counts are words</b>: input is the words of {@code system} and of every message's text
 * (string content, text blocks, tool_result text), minus the configured cache-read tokens, which are
 * reported as {@code cache_read_input_tokens}; output is the words of the answer plus those of the tool
 * input's JSON text.
 */
final class MessageAnswers {

    static final ObjectMapper JSON = new ObjectMapper();

    private final String id;
    private final String model;
    private final String text;
    private final String stopReason;
    private final String stopSequence;
    private final String toolName;
    private final JsonNode toolInput;
    private final int inputTokens;
    private final int cacheRead;
    private final int outputTokens;

    MessageAnswers(JsonNode request, String id, String answer, String toolName, JsonNode toolInput, int cacheRead) {
        this.id = id;
        this.model = request.path("model").asText();
        String cut = answer;
        String reason = toolName == null ? "end_turn" : "tool_use";
        String matched = null;
        int earliest = Integer.MAX_VALUE;
        for (JsonNode stop : request.path("stop_sequences")) {
            int at = answer.indexOf(stop.asText());
            if (!stop.asText().isEmpty() && at >= 0 && at < earliest) {
                earliest = at;
                matched = stop.asText();
            }
        }
        if (matched != null) {
            cut = answer.substring(0, earliest);
            reason = "stop_sequence";
        }
        List<String> words = pieces(cut);
        int maxTokens = request.path("max_tokens").asInt(Integer.MAX_VALUE);
        if (words.size() > maxTokens) {
            cut = String.join("", words.subList(0, maxTokens)).stripTrailing();
            reason = "max_tokens";
            matched = null;
        }
        boolean withTool = "tool_use".equals(reason);
        this.text = cut;
        this.stopReason = reason;
        this.stopSequence = matched;
        this.toolName = withTool ? toolName : null;
        this.toolInput = withTool ? toolInput : null;
        int input = inputWords(request);
        this.cacheRead = Math.min(cacheRead, input);
        this.inputTokens = input - this.cacheRead;
        this.outputTokens = words(cut) + (withTool ? words(toolInput.toString().replaceAll("[{}\":,]", " ")) : 0);
    }

    String model() {
        return model;
    }

    /** The Message object of a non-streaming answer. */
    String message() {
        ObjectNode message = base();
        ArrayNode content = message.putArray("content");
        if (!text.isEmpty()) {
            content.addObject().put("type", "text").put("text", text);
        }
        if (toolName != null) {
            content.addObject().put("type", "tool_use").put("id", toolUseId()).put("name", toolName)
                    .set("input", toolInput);
        }
        message.put("stop_reason", stopReason).put("stop_sequence", stopSequence);
        message.set("usage", usage(outputTokens));
        return message.toString();
    }

    /** The opening events: message_start, the text block's start, a ping, and the first text delta. */
    List<String> openingEvents() {
        List<String> events = new ArrayList<>();
        ObjectNode start = base();
        start.putArray("content");
        start.putNull("stop_reason").putNull("stop_sequence");
        start.set("usage", usage(1));
        events.add(event("message_start", JSON.createObjectNode().put("type", "message_start").set("message", start)));
        events.add(event("content_block_start", blockStart(0, JSON.createObjectNode().put("type", "text")
                .put("text", ""))));
        events.add(event("ping", JSON.createObjectNode().put("type", "ping")));
        List<String> words = pieces(text);
        if (!words.isEmpty()) {
            events.add(textDelta(words.get(0)));
        }
        return events;
    }

    /** The rest of the stream after {@link #openingEvents()}. */
    List<String> closingEvents() {
        List<String> events = new ArrayList<>();
        List<String> words = pieces(text);
        for (int i = 1; i < words.size(); i++) {
            events.add(textDelta(words.get(i)));
        }
        events.add(event("content_block_stop", JSON.createObjectNode().put("type", "content_block_stop")
                .put("index", 0)));
        if (toolName != null) {
            ObjectNode block = JSON.createObjectNode().put("type", "tool_use").put("id", toolUseId())
                    .put("name", toolName);
            block.putObject("input");
            events.add(event("content_block_start", blockStart(1, block)));
            String json = toolInput.toString();
            List<String> fragments = new ArrayList<>(List.of(""));
            int step = Math.max(1, (json.length() + 2) / 3);
            for (int at = 0; at < json.length(); at += step) {
                fragments.add(json.substring(at, Math.min(json.length(), at + step)));
            }
            for (String fragment : fragments) {
                ObjectNode delta = JSON.createObjectNode().put("type", "input_json_delta").put("partial_json", fragment);
                events.add(event("content_block_delta", JSON.createObjectNode().put("type", "content_block_delta")
                        .put("index", 1).set("delta", delta)));
            }
            events.add(event("content_block_stop", JSON.createObjectNode().put("type", "content_block_stop")
                    .put("index", 1)));
        }
        ObjectNode messageDelta = JSON.createObjectNode().put("type", "message_delta");
        messageDelta.putObject("delta").put("stop_reason", stopReason).put("stop_sequence", stopSequence);
        messageDelta.putObject("usage").put("output_tokens", outputTokens);
        events.add(event("message_delta", messageDelta));
        events.add(event("message_stop", JSON.createObjectNode().put("type", "message_stop")));
        return events;
    }

    static String event(String name, JsonNode data) {
        return "event: " + name + "\ndata: " + data + "\n\n";
    }

    private String textDelta(String piece) {
        ObjectNode delta = JSON.createObjectNode().put("type", "text_delta").put("text", piece);
        return event("content_block_delta", JSON.createObjectNode().put("type", "content_block_delta")
                .put("index", 0).set("delta", delta));
    }

    private static ObjectNode blockStart(int index, ObjectNode block) {
        ObjectNode start = JSON.createObjectNode().put("type", "content_block_start").put("index", index);
        start.set("content_block", block);
        return start;
    }

    private ObjectNode base() {
        return JSON.createObjectNode().put("id", id).put("type", "message").put("role", "assistant")
                .put("model", model);
    }

    private ObjectNode usage(int output) {
        return JSON.createObjectNode().put("input_tokens", inputTokens).put("cache_creation_input_tokens", 0)
                .put("cache_read_input_tokens", cacheRead).put("output_tokens", output);
    }

    private String toolUseId() {
        return "toolu_stub_" + id.substring(id.lastIndexOf('_') + 1);
    }

    /** Each word with the whitespace after it, so the pieces join to the exact text. */
    static List<String> pieces(String text) {
        return text.isEmpty() ? List.of() : List.of(text.split("(?<=\\s)(?=\\S)"));
    }

    static int words(String text) {
        String trimmed = text.strip();
        return trimmed.isEmpty() ? 0 : trimmed.split("\\s+").length;
    }

    static int inputWords(JsonNode request) {
        int count = texts(request.path("system"));
        for (JsonNode message : request.path("messages")) {
            count += texts(message.path("content"));
        }
        return count;
    }

    private static int texts(JsonNode content) {
        if (content.isTextual()) {
            return words(content.asText());
        }
        int count = 0;
        for (JsonNode block : content) {
            count += words(block.path("text").asText(""));
            if (block.has("content")) {
                count += texts(block.path("content"));
            }
        }
        return count;
    }
}
