package dev.localai.inference.engine.llamacpp;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaIterator;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.LlamaOutput;
import dev.localai.inference.Cancellation;
import dev.localai.inference.Generation;
import dev.localai.inference.GenerationRequest;
import dev.localai.inference.engine.LoadedModel;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * One llama.cpp model of this JVM (shared through {@link NativeModels}).
 *
 * <p><b>Tokens.</b> The prompt is counted with {@code encode} plus the BOS token when the model adds
 * one (that is how the completion path tokenizes it). Completion tokens are counted as the chunks the
 * stream delivers: llama.cpp sends one chunk per sampled token, and a last empty chunk that marks the
 * end and is not counted. It holds back a token that ends inside a UTF-8 sequence and sends it merged
 * with the next, so text with multi-byte characters may count slightly low.
 *
 * <p><b>Cancellation</b> happens on the generating thread, between chunks: {@code LlamaIterator.cancel()}
 * called from another thread while {@code next()} waits would leave that thread waiting forever for a
 * result that never comes.
 */
final class LlamaCppModel implements LoadedModel {

    private final LlamaModel model;
    private final boolean addsBos;
    private final boolean embeddings;
    private final int defaultMaxTokens;

    /** @param defaultMaxTokens the limit when a request sets none (a slot's share of the context) */
    LlamaCppModel(LlamaModel model, boolean addsBos, boolean embeddings, int defaultMaxTokens) {
        this.model = model;
        this.addsBos = addsBos;
        this.embeddings = embeddings;
        this.defaultMaxTokens = defaultMaxTokens;
    }

    @Override
    public Generation generate(GenerationRequest request, Consumer<String> onText, Cancellation cancellation) {
        String prompt = request.isChat() ? ChatTemplate.render(model, request.messages()) : request.prompt();
        int promptTokens = countTokens(prompt);
        long start = System.nanoTime();
        long firstText = -1;
        StringBuilder text = new StringBuilder();
        int tokens = 0;
        boolean cancelled = false;
        int limit = request.maxTokens() != null ? request.maxTokens() : defaultMaxTokens;
        LlamaIterator chunks = model.generate(parameters(prompt, request, limit)).iterator();
        while (chunks.hasNext()) {
            if (cancellation.isCancelled()) {
                chunks.cancel();
                cancelled = true;
                break;
            }
            LlamaOutput chunk = chunks.next();
            if (chunk.text.isEmpty()) {
                continue;                                   // the final stop chunk
            }
            tokens++;
            if (firstText < 0) {
                firstText = System.nanoTime();
            }
            text.append(chunk.text);
            onText.accept(chunk.text);
        }
        long end = System.nanoTime();
        String finish = cancelled ? Generation.CANCELLED
                : tokens >= limit ? Generation.LENGTH : Generation.STOP;
        return new Generation(text.toString(), promptTokens, tokens, finish,
                firstText < 0 ? null : Duration.ofNanos(firstText - start), Duration.ofNanos(end - start));
    }

    private static InferenceParameters parameters(String prompt, GenerationRequest request, int limit) {
        InferenceParameters p = new InferenceParameters(prompt).setNPredict(limit);
        if (request.temperature() != null) {
            p.setTemperature(request.temperature().floatValue());
        }
        if (request.topP() != null) {
            p.setTopP(request.topP().floatValue());
        }
        if (request.seed() != null) {
            p.setSeed((int) (long) request.seed());
        }
        if (!request.stop().isEmpty()) {
            p.setStopStrings(request.stop().toArray(String[]::new));
        }
        return p;
    }

    @Override
    public int countTokens(String text) {
        return model.encode(text).length + (addsBos ? 1 : 0);
    }

    @Override
    public boolean supportsEmbeddings() {
        return embeddings;
    }

    @Override
    public float[] embed(String text) {
        return model.embed(text);
    }

    /** Nothing to free: the native model stays for the JVM's life (see {@link NativeModels}). */
    @Override
    public void close() {
    }
}
