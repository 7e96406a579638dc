package dev.localai.inference.engine.llamacpp;

import de.kherud.llama.LlamaModel;
import dev.localai.inference.EngineKind;
import dev.localai.inference.ModelSpec;
import dev.localai.inference.engine.Engine;
import dev.localai.inference.engine.LoadException;
import dev.localai.inference.engine.LoadedModel;
import dev.localai.inference.gguf.GgufCheck;

import java.io.IOException;
import java.util.Optional;

/**
 * llama.cpp in this JVM through {@code de.kherud:llama}. The file is checked first, so that a missing,
 * foreign or truncated file gets a reason in words (a failed native load only says "could not load
 * model from given file path"). Logging of llama.cpp is off: its server logs would go to stdout.
 */
public final class LlamaCppEngine implements Engine {

    public LlamaCppEngine() {
        NativeLibrary.prepare();
    }

    @Override
    public EngineKind kind() {
        return EngineKind.LLAMA_CPP;
    }

    @Override
    public LoadedModel load(ModelSpec spec) throws LoadException {
        Optional<String> problem = GgufCheck.problem(spec.path());
        if (problem.isPresent()) {
            throw new LoadException(problem.get());
        }
        int ctx = spec.ctxSize() > 0 ? spec.ctxSize() : 2048;
        int threads = spec.threads() > 0 ? spec.threads() : Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        try {
            NativeModels.Key key = NativeModels.Key.of(spec.path(), ctx, threads, spec.slots(), spec.embeddings());
            LlamaModel model = NativeModels.get(key);
            return new LlamaCppModel(spec.name(), model, GgufCheck.addsBos(key.file()), spec.embeddings(),
                    Math.max(16, ctx / spec.slots()));
        } catch (IOException e) {
            throw new LoadException("cannot read " + spec.path() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {                   // LlamaException is package-private
            throw new LoadException(GgufCheck.loadFailure(spec.path(), e.getMessage()), e);
        } catch (UnsatisfiedLinkError | ExceptionInInitializerError | NoClassDefFoundError e) {
            throw new LoadException("llama.cpp's native library cannot be loaded on this machine: " + e, e);
        }
    }
}
