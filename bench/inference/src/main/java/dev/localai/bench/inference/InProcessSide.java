package dev.localai.bench.inference;

import dev.localai.inference.Cancellation;
import dev.localai.inference.ChatTurn;
import dev.localai.inference.EngineKind;
import dev.localai.inference.Generation;
import dev.localai.inference.GenerationRequest;
import dev.localai.inference.ModelSpec;
import dev.localai.inference.ModelState;
import dev.localai.inference.engine.Engines;
import dev.localai.inference.engine.llamacpp.LlamaCppEngine;
import dev.localai.inference.lifecycle.InferenceListener;
import dev.localai.inference.lifecycle.ManagedModel;
import dev.localai.inference.lifecycle.ModelManager;

import java.time.Duration;
import java.util.List;

/**
 * The same model called in this JVM through the library's front door, {@link ModelManager} (slot, load,
 * then {@code LlamaCppModel.generate}: chat template, llama.cpp, one chunk per token), exactly what the
 * service calls for each request, minus HTTP. The clock runs around {@link ManagedModel#generate}.
 */
final class InProcessSide implements AutoCloseable {

    private final ModelManager manager;
    private final ManagedModel model;
    private final List<ChatTurn> messages;
    private final double temperature;
    private final long seed;

    InProcessSide(String name, ServiceUnderTest.Settings s, List<ChatTurn> messages, double temperature, long seed) {
        ModelSpec spec = new ModelSpec(name, EngineKind.LLAMA_CPP, s.model(), null, null, List.of(), s.ctxSize(),
                s.threads(), s.slots(), 8, 1, Duration.ZERO, false, false, null);
        // the service's settings (InferenceConfig defaults): no budget limit that matters, 1 s reaper, 60 s queue wait
        this.manager = new ModelManager(List.of(spec), new Engines(new LlamaCppEngine()),
                new ModelManager.Settings(7000, Duration.ofSeconds(1), Duration.ofSeconds(15), Duration.ofSeconds(60)),
                InferenceListener.NONE).start();
        this.model = manager.model(name);
        this.messages = messages;
        this.temperature = temperature;
        this.seed = seed;
    }

    /** Loads the model now, so that the first measured call does not. */
    Duration load() {
        long start = System.nanoTime();
        model.load();
        if (model.state() != ModelState.READY) {
            throw new IllegalStateException("the model did not load: " + model.status());
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** One generation; the request is what the service builds from the JSON body (no top_p, no stop). */
    Run generate(int maxTokens) {
        GenerationRequest request = new GenerationRequest(messages, null, maxTokens, temperature, null, null, seed);
        long[] firstText = {-1};
        long start = System.nanoTime();
        Generation g = model.generate(request, text -> {
            if (firstText[0] < 0) {
                firstText[0] = System.nanoTime();
            }
        }, Cancellation.none());
        long end = System.nanoTime();
        return new Run(g.completionTokens(), end - start, firstText[0] < 0 ? -1 : firstText[0] - start, -1,
                g.promptTokens(), g.finishReason(), g.text(), g.tokensPerSecond());
    }

    @Override
    public void close() {
        manager.close();
    }
}
