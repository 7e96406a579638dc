package dev.localai.inference;

import java.util.List;

/**
 * What to generate: either chat {@code messages} (rendered with the model's chat template) or a raw
 * {@code prompt}. Null sampling fields mean the engine's default.
 *
 * @param maxTokens null: the engine's default (llama.cpp here: a slot's share of the context)
 */
public record GenerationRequest(List<ChatTurn> messages, String prompt, Integer maxTokens, Double temperature,
                                Double topP, List<String> stop, Long seed) {

    public GenerationRequest {
        messages = messages == null ? null : List.copyOf(messages);
        stop = stop == null ? List.of() : List.copyOf(stop);
    }

    public static GenerationRequest chat(List<ChatTurn> messages, Integer maxTokens) {
        return new GenerationRequest(messages, null, maxTokens, null, null, null, null);
    }

    public static GenerationRequest completion(String prompt, Integer maxTokens) {
        return new GenerationRequest(null, prompt, maxTokens, null, null, null, null);
    }

    public boolean isChat() {
        return messages != null;
    }

    public GenerationRequest withSampling(Double newTemperature, Double newTopP, Long newSeed) {
        return new GenerationRequest(messages, prompt, maxTokens, newTemperature, newTopP, stop, newSeed);
    }

    public GenerationRequest withStop(List<String> newStop) {
        return new GenerationRequest(messages, prompt, maxTokens, temperature, topP, newStop, seed);
    }
}
