package dev.localai.inference;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One configured model.
 *
 * @param name          the id clients ask for
 * @param engine        which engine serves it
 * @param path          the GGUF file ({@link EngineKind#LLAMA_CPP}); null otherwise
 * @param url           the server's base URL, without {@code /v1} ({@link EngineKind#OPENAI_SERVER}, {@link EngineKind#OLLAMA})
 * @param remoteModel   the model id the remote server knows; null: {@code name}
 * @param command       for a supervised server: the command line that starts it; empty: not supervised
 * @param ctxSize       context size in tokens, shared by all slots
 * @param threads       CPU threads for llama.cpp
 * @param slots         requests served in parallel
 * @param queue         requests that may wait for a slot; more are refused
 * @param memoryMb      what the model takes when loaded, counted against the memory budget
 * @param idleTtl       unload after this long without a request; zero or negative: never
 * @param preload       load at start
 * @param embeddings    whether the model serves embeddings
 * @param startTimeout  how long a load (or a supervised server's start) may take
 */
public record ModelSpec(String name, EngineKind engine, Path path, String url, String remoteModel, List<String> command,
                        int ctxSize, int threads, int slots, int queue, long memoryMb, Duration idleTtl,
                        boolean preload, boolean embeddings, Duration startTimeout) {

    public ModelSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(engine, "engine");
        command = command == null ? List.of() : List.copyOf(command);
        idleTtl = idleTtl == null ? Duration.ZERO : idleTtl;
        startTimeout = startTimeout == null ? Duration.ofMinutes(2) : startTimeout;
        if (slots < 1) {
            throw new IllegalArgumentException(name + ".slots: must be at least 1, was " + slots);
        }
        if (queue < 0) {
            throw new IllegalArgumentException(name + ".queue: must not be negative, was " + queue);
        }
    }

    /** A llama.cpp model with small defaults: ctx 512, 1 thread, 1 slot, queue 8, 0 MB, never unloaded. */
    public static ModelSpec llamaCpp(String name, Path path) {
        return new ModelSpec(name, EngineKind.LLAMA_CPP, path, null, null, List.of(), 512, 1, 1, 8, 0,
                Duration.ZERO, false, false, null);
    }

    /** An unsupervised OpenAI-compatible server at {@code url}. */
    public static ModelSpec openAiServer(String name, String url) {
        return new ModelSpec(name, EngineKind.OPENAI_SERVER, null, url, null, List.of(), 0, 0, 1, 8, 0,
                Duration.ZERO, false, false, null);
    }

    /** The model id to send to a remote server. */
    public String remoteModelOrName() {
        return remoteModel == null || remoteModel.isBlank() ? name : remoteModel;
    }

    public boolean supervised() {
        return !command.isEmpty();
    }

    public ModelSpec withSlots(int newSlots, int newQueue) {
        return new ModelSpec(name, engine, path, url, remoteModel, command, ctxSize, threads, newSlots, newQueue,
                memoryMb, idleTtl, preload, embeddings, startTimeout);
    }

    public ModelSpec withMemory(long newMemoryMb) {
        return new ModelSpec(name, engine, path, url, remoteModel, command, ctxSize, threads, slots, queue,
                newMemoryMb, idleTtl, preload, embeddings, startTimeout);
    }

    public ModelSpec withIdleTtl(Duration ttl) {
        return new ModelSpec(name, engine, path, url, remoteModel, command, ctxSize, threads, slots, queue,
                memoryMb, ttl, preload, embeddings, startTimeout);
    }

    public ModelSpec withName(String newName) {
        return new ModelSpec(newName, engine, path, url, remoteModel, command, ctxSize, threads, slots, queue,
                memoryMb, idleTtl, preload, embeddings, startTimeout);
    }

    public ModelSpec withCommand(List<String> newCommand) {
        return new ModelSpec(name, engine, path, url, remoteModel, newCommand, ctxSize, threads, slots, queue,
                memoryMb, idleTtl, preload, embeddings, startTimeout);
    }

    public ModelSpec withEmbeddings(boolean on) {
        return new ModelSpec(name, engine, path, url, remoteModel, command, ctxSize, threads, slots, queue,
                memoryMb, idleTtl, preload, on, startTimeout);
    }

    public ModelSpec withPreload(boolean on) {
        return new ModelSpec(name, engine, path, url, remoteModel, command, ctxSize, threads, slots, queue,
                memoryMb, idleTtl, on, embeddings, startTimeout);
    }
}
