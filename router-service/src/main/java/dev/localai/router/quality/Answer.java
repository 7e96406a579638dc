package dev.localai.router.quality;

import dev.localai.openai.ChatCompletionRequest;

import java.util.List;

/**
 * An answer as the judges see it: its text (unwrapped from a self-reported confidence), how it ended,
 * the log-probabilities of its tokens if the backend sent them, and the question it answers.
 *
 * @param complete     the whole answer (false: the held start of a stream)
 * @param finishReason {@code stop}, {@code length} (cut by the token limit), {@code tool_calls}…; null when unknown
 * @param logprobs     per token, as the backend sent them; empty when it sent none
 * @param confidence   the confidence the model reported; null when it was not asked, NaN when asked and not given
 * @param toolCalls    the answer calls tools (an empty text is then no fault)
 * @param taskType     the request's task type, or null
 */
public record Answer(String text, boolean complete, String finishReason, List<Double> logprobs, Double confidence,
                     boolean toolCalls, ChatCompletionRequest request, String taskType) {

    public Answer {
        logprobs = List.copyOf(logprobs);
    }

    /** Whether the client asked for JSON ({@code response_format} {@code json_object} or {@code json_schema}). */
    public boolean wantsJson() {
        return request.responseFormat() != null && request.responseFormat().type() != null
                && request.responseFormat().type().startsWith("json");
    }
}
