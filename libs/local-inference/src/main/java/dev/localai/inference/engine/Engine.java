package dev.localai.inference.engine;

import dev.localai.inference.EngineKind;
import dev.localai.inference.ModelSpec;

/**
 * Turns a configured model into a loaded one. {@link #load} blocks until the model can serve (or
 * fails with a {@link LoadException} whose message is the reason a user reads); the lifecycle calls it
 * from one thread per model at a time and never while the same model is loaded.
 */
public interface Engine {

    EngineKind kind();

    LoadedModel load(ModelSpec spec) throws LoadException;
}
