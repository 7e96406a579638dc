package dev.localai.inference.engine.llamacpp;

import de.kherud.llama.LlamaModel;
import de.kherud.llama.ModelParameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The llama.cpp models of this JVM, one per file and settings, kept for the life of the process.
 *
 * <p>Why never closed: in {@code de.kherud:llama} 4.2.0, {@code LlamaModel.close()} frees no native
 * memory (the server context is never deleted) and leaves a thread behind: each load and close leaks
 * about 27 MB. Reloading the same file would only add another copy. So an "unloaded" in-process model
 * keeps its native memory, and loading it again is instant. A changed file (other size or modification
 * time) is loaded afresh, and the old copy leaks. Serving many large models in turn is what the
 * supervised {@code llama-server} engine is for.
 */
final class NativeModels {

    /** What makes two loads the same. */
    record Key(Path file, long size, long modified, int ctxSize, int threads, int slots, boolean embeddings) {
        static Key of(Path file, int ctxSize, int threads, int slots, boolean embeddings) throws IOException {
            Path real = file.toRealPath();
            return new Key(real, Files.size(real), Files.getLastModifiedTime(real).toMillis(), ctxSize, threads,
                    slots, embeddings);
        }
    }

    private static final Map<Key, LlamaModel> MODELS = new ConcurrentHashMap<>();

    private NativeModels() {
    }

    /** The model for {@code key}, loading it on first use; a failed load is not cached. */
    static LlamaModel get(Key key) {
        return MODELS.computeIfAbsent(key, NativeModels::load);
    }

    private static LlamaModel load(Key key) {
        NativeLibrary.prepare();
        ModelParameters params = new ModelParameters()
                .setModel(key.file().toString())
                .setCtxSize(key.ctxSize())
                .setThreads(key.threads())
                .setParallel(key.slots())
                .enableJinja()
                .disableLog();
        if (key.embeddings()) {
            params.enableEmbedding();
        }
        return new LlamaModel(params);
    }
}
