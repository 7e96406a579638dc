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

    /**
     * The KV cache llama.cpp gets for {@code ctxSize} tokens shared by {@code slots}. One slot: exactly that.
     * Several: twice that. Their sequences share one pool of cells, a finished slot keeps its cells (for prompt
     * reuse) until its next request, and when a batch finds no room llama.cpp fails every slot's request with
     * "Input prompt is too big compared to KV size". Measured with 2 slots of 256 tokens, 300 concurrent requests
     * (prompts of 5–255 tokens, a third cancelled, each kept within its slot's share): 116 failed with a pool of
     * exactly 512 cells, 67 with 640, 15 with 768, none with 1024 (three runs). A request still gets only
     * {@code ctxSize / slots} tokens ({@link LlamaCppModel}); the extra cells are never filled by one request.
     */
    static int kvCells(int ctxSize, int slots) {
        return slots > 1 ? ctxSize * 2 : ctxSize;
    }

    private static LlamaModel load(Key key) {
        NativeLibrary.prepare();
        ModelParameters params = new ModelParameters()
                .setModel(key.file().toString())
                .setCtxSize(kvCells(key.ctxSize(), key.slots()))
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
