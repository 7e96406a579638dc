package dev.localai.inference.engine;

import dev.localai.inference.Cancellation;
import dev.localai.inference.Generation;
import dev.localai.inference.GenerationRequest;

import java.util.function.Consumer;

/**
 * A model an engine has loaded. {@link #generate} may be called from as many threads at once as the
 * model has slots (the lifecycle enforces that); it blocks, hands each piece of text to
 * {@code onText} as it is produced, and stops early when {@code cancellation} is raised.
 */
public interface LoadedModel extends AutoCloseable {

    Generation generate(GenerationRequest request, Consumer<String> onText, Cancellation cancellation);

    /** Whether {@link #embed} works for this model. */
    default boolean supportsEmbeddings() {
        return false;
    }

    /** One embedding vector for {@code text}; only when {@link #supportsEmbeddings()}. */
    default float[] embed(String text) {
        throw new UnsupportedOperationException("embeddings are not supported");
    }

    /** How many tokens {@code text} is for this model, as a prompt would count it. */
    int countTokens(String text);

    /**
     * Whether the model is still there (a supervised server may have died, Ollama may have unloaded
     * it on its own). The lifecycle checks this while the model is idle.
     */
    default boolean isAlive() {
        return true;
    }

    /** Frees what can be freed; never throws. */
    @Override
    void close();
}
