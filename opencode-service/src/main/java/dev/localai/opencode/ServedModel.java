package dev.localai.opencode;

import java.time.Duration;

/**
 * A model the bridge serves: the name clients put in {@code model} ({@code glm-4.7}), the OpenCode model it
 * runs on, {@code providerId/modelId} ({@code zai-coding-plan/glm-4.7}), and how long its first token may take.
 */
public record ServedModel(String name, String providerId, String modelId, Duration firstTokenTimeout) {

    /** {@code providerId/modelId}, as OpenCode writes a model. */
    public String target() {
        return providerId + "/" + modelId;
    }
}
