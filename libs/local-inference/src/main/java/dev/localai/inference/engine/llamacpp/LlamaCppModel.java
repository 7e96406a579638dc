package dev.localai.inference.engine.llamacpp;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaIterator;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.LlamaOutput;
import dev.localai.inference.Cancellation;
import dev.localai.inference.ContextLengthException;
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
 * <p><b>Context.</b> A request gets its slot's share of the context for prompt and answer together: a prompt
 * that leaves no room is refused ({@link ContextLengthException}, before llama.cpp's own "input prompt is too
 * big compared to KV size"), and the answer is limited to the room left ({@code finish_reason: length}), the
 * default when the request sets no {@code max_tokens}.
 *
 * <p><b>Cancellation</b> happens on the generating thread, between chunks: {@code LlamaIterator.cancel()}
 * called from another thread while {@code next()} waits would leave that thread waiting forever for a
 * result that never comes.
 */
final class LlamaCppModel implements LoadedModel {

    private final String name;
    private final LlamaModel model;
    private final boolean addsBos;
    private final boolean embeddings;
    private final int slotContext;

    /** @param slotContext the tokens of context one request gets (a slot's share), prompt and answer together */
    LlamaCppModel(String name, LlamaModel model, boolean addsBos, boolean embeddings, int slotContext) {
        this.name = name;
        this.model = model;
        this.addsBos = addsBos;
        this.embeddings = embeddings;
        this.slotContext = slotContext;
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
        int room = slotContext - promptTokens;
        if (room < 1) {
            throw ContextLengthException.of(name, promptTokens, slotContext);  // llama.cpp would refuse it too
        }
        int limit = request.maxTokens() != null ? Math.min(request.maxTokens(), room) : room;
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
