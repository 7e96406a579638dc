package dev.localai.router.quality;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.localai.openai.ChatCompletionRequest;
import dev.localai.openai.ChatMessage;

import java.util.ArrayList;
import java.util.List;

/**
 * Self-reported confidence: the local model is asked (by a system message put first) to answer as
 * {@code {"answer": …, "confidence": 0..1}}; the answer is unwrapped before the client sees it. Asked of
 * plain answers only (a stream would have to be unwrapped as it goes) and not of requests with tools or
 * their own {@code response_format}.
 */
public final class SelfConfidence {

    static final String INSTRUCTION = "Reply with only a JSON object and nothing else, of the form "
            + "{\"answer\": \"<your complete answer to the user, as you would write it>\", \"confidence\": "
            + "<a number from 0 to 1: how sure you are that the answer is correct and complete>}.";

    private SelfConfidence() {
    }

    /** Whether this request can be asked for a self-reported confidence. */
    public static boolean applies(ChatCompletionRequest request) {
        return !request.wantsStream() && (request.tools() == null || request.tools().isEmpty())
                && request.responseFormat() == null;
    }

    /** The request with the instruction put first. */
    public static ChatCompletionRequest ask(ChatCompletionRequest request) {
        List<ChatMessage> messages = new ArrayList<>(request.messages().size() + 1);
        messages.add(ChatMessage.system(INSTRUCTION));
        messages.addAll(request.messages());
        return request.withMessages(messages);
    }

    /** An unwrapped answer: its text and the confidence, NaN when the model did not answer as asked. */
    public record Unwrapped(String answer, double confidence) {
        public boolean reported() {
            return !Double.isNaN(confidence);
        }
    }

    /** The answer and confidence out of {@code content}; the content as it is and NaN when it is not that JSON. */
    public static Unwrapped unwrap(String content, ObjectMapper json) {
        if (content == null) {
            return new Unwrapped(null, Double.NaN);
        }
        String t = Checks.unfenced(content);
        int start = t.indexOf('{');
        int end = t.lastIndexOf('}');
        if (start < 0 || end < start) {
            return new Unwrapped(content, Double.NaN);
        }
        try {
            JsonNode tree = json.readTree(t.substring(start, end + 1));
            JsonNode answer = tree.path("answer");
            JsonNode confidence = tree.path("confidence");
            double value = confidence.isNumber() ? confidence.asDouble()
                    : confidence.isTextual() ? Double.parseDouble(confidence.asText().replace("%", "").strip()) : Double.NaN;
            if (value > 1 && value <= 100) {
                value /= 100;                      // "85" or "85%": a percentage
            }
            if (answer.isMissingNode() || answer.isNull() || Double.isNaN(value) || value < 0 || value > 1) {
                return new Unwrapped(content, Double.NaN);
            }
            return new Unwrapped(answer.isTextual() ? answer.asText() : answer.toString(), value);
        } catch (java.io.IOException | NumberFormatException e) {
            return new Unwrapped(content, Double.NaN);
        }
    }

    public static Score score(Answer answer) {
        if (answer.confidence() == null) {
            return Score.abstain("confidence: not asked of this backend");
        }
        if (Double.isNaN(answer.confidence())) {
            return Score.of(0, "confidence: the model did not answer as {answer, confidence}");
        }
        return Score.of(answer.confidence(), "confidence: " + answer.confidence() + " self-reported");
    }
}
