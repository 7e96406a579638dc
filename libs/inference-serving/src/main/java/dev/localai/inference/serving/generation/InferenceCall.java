package dev.localai.inference.serving.generation;

import dev.localai.inference.GenerationRequest;

/**
 * One parsed OpenAI request, ready to run.
 *
 * @param shape        {@link Shape#CHAT} answers {@code chat.completion}, {@link Shape#TEXT} {@code text_completion}
 * @param includeUsage whether a stream ends with a usage chunk ({@code stream_options.include_usage})
 */
public record InferenceCall(String model, GenerationRequest request, boolean stream, boolean includeUsage, Shape shape) {

    public enum Shape { CHAT, TEXT }
}
