package dev.localai.standins.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One generated answer, as the JSON objects Ollama sends for it (docs/api.md "Generate a completion" and
 * "Generate a chat completion"): a line per token, {@code {"model","created_at","response","done":false}}
 * ({@code /api/generate}) or {@code {"model","created_at","message":{"role":"assistant","content"},"done":false}}
 * ({@code /api/chat}), then the final object with {@code done: true}, {@code done_reason} and the metrics; or,
 * with {@code stream: false}, that final object carrying the whole text. Fields are in the order of Ollama's Go
 * structs, and zero metrics are left out as their {@code omitempty} does.
 *
 * <p><b>Tokens are words</b>: a token is a run of non-space characters with the whitespace before it, so
 * {@code "Hello from the stub."} streams as {@code "Hello"}, {@code " from"}, {@code " the"}, {@code " stub."}
 * and the pieces join to the exact text. {@code prompt_eval_count} is the words of the prompt ({@code system}
 * and {@code prompt} for generate, every message's {@code content} for chat); {@code eval_count} the tokens
 * sent. {@code options.stop}: the earliest stop string in the answer cuts it there ({@code done_reason: stop});
 * {@code options.num_predict} above zero: more tokens than that are cut to that many ({@code done_reason:
 * length}). {@code context} (generate without {@code raw}) is the token positions {@code 1..prompt+eval}.
 * Durations are in nanoseconds: {@code total_duration} and {@code load_duration} as measured, the evaluation
 * ones nominal (1 ms per prompt token, 20 ms per generated token).
 */
final class Answer {

    private final boolean chat;
    private final String model;
    private final boolean withContext;
    private final List<String> tokens;
    private final String doneReason;
    private final int promptTokens;

    Answer(boolean chat, JsonNode request, String text) {
        this.chat = chat;
        this.model = request.path("model").asText();
        this.withContext = !chat && !request.path("raw").asBoolean(false);
        String cut = text;
        String reason = "stop";
        int earliest = Integer.MAX_VALUE;
        for (JsonNode stop : request.path("options").path("stop")) {
            int at = stop.asText().isEmpty() ? -1 : text.indexOf(stop.asText());
            if (at >= 0 && at < earliest) {
                earliest = at;
            }
        }
        if (earliest != Integer.MAX_VALUE) {
            cut = text.substring(0, earliest);
        }
        List<String> all = tokens(cut);
        int limit = request.path("options").path("num_predict").asInt(-1);
        if (limit > 0 && all.size() > limit) {
            all = all.subList(0, limit);
            reason = "length";
        }
        this.tokens = List.copyOf(all);
        this.doneReason = reason;
        this.promptTokens = chat ? chatWords(request) : words(request.path("system").asText(""))
                + words(request.path("prompt").asText(""));
    }

    List<String> tokens() {
        return tokens;
    }

    /** The streamed object carrying token {@code piece}. */
    String tokenLine(String piece) {
        return line(base(piece).put("done", false));
    }

    /** The final object: the last of a stream (empty text) or, with {@code whole}, the one answer of {@code stream: false}. */
    String finalLine(boolean whole, Duration total, Duration load) {
        ObjectNode done = base(whole ? String.join("", tokens) : "").put("done", true).put("done_reason", doneReason);
        if (withContext) {
            var context = done.putArray("context");
            for (int i = 1; i <= promptTokens + tokens.size(); i++) {
                context.add(i);
            }
        }
        putNonZero(done, "total_duration", Math.max(1, total.toNanos()));
        putNonZero(done, "load_duration", Math.max(1, load.toNanos()));
        putNonZero(done, "prompt_eval_count", promptTokens);
        putNonZero(done, "prompt_eval_duration", promptTokens * 1_000_000L);
        putNonZero(done, "eval_count", tokens.size());
        putNonZero(done, "eval_duration", tokens.size() * 20_000_000L);
        return line(done);
    }

    /** The single object of a load ({@code done_reason: load}) or unload ({@code unload}) request. */
    static String loadLine(boolean chat, String model, String doneReason) {
        ObjectNode node = OllamaJson.JSON.createObjectNode().put("model", model).put("created_at", Instant.now().toString());
        if (chat) {
            node.putObject("message").put("role", "assistant").put("content", "");
        } else {
            node.put("response", "");
        }
        return line(node.put("done", true).put("done_reason", doneReason));
    }

    static String errorLine(String message) {
        return line(OllamaJson.JSON.createObjectNode().put("error", message));
    }

    private ObjectNode base(String text) {
        ObjectNode node = OllamaJson.JSON.createObjectNode().put("model", model).put("created_at", Instant.now().toString());
        if (chat) {
            node.putObject("message").put("role", "assistant").put("content", text);
        } else {
            node.put("response", text);
        }
        return node;
    }

    private static void putNonZero(ObjectNode node, String field, long value) {
        if (value != 0) {
            node.put(field, value);
        }
    }

    /** The object as compact JSON; a stream adds the newline. */
    private static String line(ObjectNode node) {
        try {
            return OllamaJson.JSON.writeValueAsString(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Each word with the whitespace before it; trailing whitespace is a token of its own. */
    static List<String> tokens(String text) {
        return text.isEmpty() ? List.of() : List.of(text.split("(?<=\\S)(?=\\s)"));
    }

    static int words(String text) {
        String trimmed = text.strip();
        return trimmed.isEmpty() ? 0 : trimmed.split("\\s+").length;
    }

    private static int chatWords(JsonNode request) {
        int count = 0;
        for (JsonNode message : request.path("messages")) {
            count += words(message.path("content").asText(""));
        }
        return count;
    }
}
