package dev.localai.inference.engine.llamacpp;

import dev.localai.inference.Cancellation;
import dev.localai.inference.EngineKind;
import dev.localai.inference.GenerationRequest;
import dev.localai.inference.ModelSpec;
import dev.localai.inference.TestModels;
import dev.localai.inference.engine.LoadedModel;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Two slots answering at once, as a 3070 serving two clients does: prompts of every size that fits a slot, whole
 * answers, short answers and cancelled ones. With llama.cpp's KV cache exactly the context size, about 4 in 10 of
 * these failed with "Input prompt is too big compared to KV size" (see {@link NativeModels#kvCells}).
 */
class ConcurrentSlotsTest {

    @Test
    void everyRequestThatFitsItsSlotIsAnsweredWhileTheOtherSlotWorks() throws Exception {
        ModelSpec twoSlots = new ModelSpec("two-slots", EngineKind.LLAMA_CPP, TestModels.tiny(), null, null, null, 512,
                1, 2, 4, 0, null, false, false, null);
        LoadedModel model = new LlamaCppEngine().load(twoSlots);
        ExecutorService clients = Executors.newFixedThreadPool(2);
        List<Future<String>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < 120; i++) {
                Random random = new Random(i);
                int promptBytes = 5 + random.nextInt(245);          // + "▁" and BOS: at most 253 of the slot's 256
                int cancelAt = random.nextInt(3) == 0 ? 1 + random.nextInt(20) : -1;
                Integer maxTokens = random.nextBoolean() ? null : 1 + random.nextInt(300);
                double temperature = random.nextBoolean() ? 0.0 : 0.9;
                String prompt = String.valueOf((char) ('a' + random.nextInt(26))).repeat(promptBytes);
                long seed = i;
                answers.add(clients.submit(() -> {
                    Cancellation cancel = new Cancellation();
                    int[] pieces = {0};
                    try {
                        model.generate(GenerationRequest.completion(prompt, maxTokens).withSampling(temperature, null, seed),
                                piece -> {
                                    if (++pieces[0] == cancelAt) {
                                        cancel.cancel();
                                    }
                                }, cancel);
                        return null;
                    } catch (RuntimeException e) {                  // LlamaException is package-private
                        return promptBytes + " bytes: " + e.getMessage();
                    }
                }));
            }
            List<String> failed = new ArrayList<>();
            for (Future<String> answer : answers) {
                String failure = answer.get();
                if (failure != null) {
                    failed.add(failure);
                }
            }
            assertEquals(List.of(), failed, failed.size() + " of 120 failed");
        } finally {
            clients.shutdownNow();
        }
    }
}
