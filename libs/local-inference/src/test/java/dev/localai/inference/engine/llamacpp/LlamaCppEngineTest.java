package dev.localai.inference.engine.llamacpp;

import dev.localai.inference.Cancellation;
import dev.localai.inference.ChatTurn;
import dev.localai.inference.ContextLengthException;
import dev.localai.inference.Generation;
import dev.localai.inference.GenerationRequest;
import dev.localai.inference.ModelSpec;
import dev.localai.inference.TestModels;
import dev.localai.inference.engine.LoadException;
import dev.localai.inference.engine.LoadedModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LlamaCppEngineTest {

    private static final List<ChatTurn> HELLO = List.of(new ChatTurn("system", "Be brief."), new ChatTurn("user", "Hi"));
    private static LoadedModel model;

    @BeforeAll
    static void load() throws LoadException {
        model = new LlamaCppEngine().load(TestModels.spec("tiny"));
    }

    @Test
    void streamsOneChunkPerTokenAndJoinsThemToTheAnswer() {
        List<String> chunks = new ArrayList<>();
        Generation g = model.generate(greedy(GenerationRequest.chat(HELLO, 16)), chunks::add, Cancellation.none());
        assertEquals(16, chunks.size());
        assertEquals(String.join("", chunks), g.text());
        assertEquals(16, g.completionTokens());
        assertEquals(Generation.LENGTH, g.finishReason());
        assertNotNull(g.timeToFirstText());
    }

    @Test
    void twoRunsWithOneSeedGiveTheSameText() {
        GenerationRequest sampled = GenerationRequest.completion("Once upon a time", 24).withSampling(0.9, 0.95, 1234L);
        String first = model.generate(sampled, s -> { }, Cancellation.none()).text();
        String second = model.generate(sampled, s -> { }, Cancellation.none()).text();
        assertEquals(first, second);
        assertEquals(24, first.length());
    }

    @Test
    void countsThePromptWithTheModelsTokenizerAndItsBos() {
        String prompt = "Hello, world!";
        Generation g = model.generate(greedy(GenerationRequest.completion(prompt, 1)), s -> { }, Cancellation.none());
        // byte vocabulary: SentencePiece writes the leading and the inner space as "▁" (3 bytes each):
        // 12 other characters + 2 × 3, plus BOS
        assertEquals(12 + 6 + 1, g.promptTokens());
    }

    @Test
    void rendersChatWithTheModelsOwnTemplate() {
        String rendered = ChatTemplate.render(NativeModels.get(keyOfTiny()), HELLO);
        assertEquals("<|system|>Be brief.\n<|user|>Hi\n<|assistant|>", rendered);
    }

    @Test
    void stopsWhenCancelledMidStream() {
        Cancellation cancel = new Cancellation();
        List<String> chunks = new ArrayList<>();
        Generation g = model.generate(greedy(GenerationRequest.completion("Tell a long story", 100_000)), text -> {
            chunks.add(text);
            if (chunks.size() == 5) {
                cancel.cancel();
            }
        }, cancel);
        assertEquals(Generation.CANCELLED, g.finishReason());
        assertEquals(5, g.completionTokens());
        Generation after = model.generate(greedy(GenerationRequest.completion("Again", 4)), s -> { }, Cancellation.none());
        assertEquals(4, after.completionTokens());
    }

    @Test
    void stopsAtAStopString() {
        String free = model.generate(greedy(GenerationRequest.completion("Once upon a time", 16)), s -> { },
                Cancellation.none()).text();
        String stop = free.substring(4, 6);
        Generation g = model.generate(greedy(GenerationRequest.completion("Once upon a time", 16)).withStop(List.of(stop)),
                s -> { }, Cancellation.none());
        assertEquals(free.substring(0, free.indexOf(stop)), g.text());
        assertEquals(Generation.STOP, g.finishReason());
    }

    @Test
    void refusesAPromptThatLeavesNoRoomInTheContextBeforeLlamaCppDoes() {
        ContextLengthException e = assertThrows(ContextLengthException.class, () -> model.generate(
                greedy(GenerationRequest.completion("x".repeat(300), 8)), s -> { }, Cancellation.none()));
        assertEquals("The prompt is 304 tokens; the model 'tiny' has 256 tokens of context per request, which must"
                + " also hold the answer. Shorten the messages or use a model with a larger context.", e.getMessage());
        Generation after = model.generate(greedy(GenerationRequest.completion("Again", 4)), s -> { }, Cancellation.none());
        assertEquals(4, after.completionTokens());
    }

    @Test
    void anAnswerEndsWhereTheContextDoesWhateverMaxTokensAsks() {
        Generation g = model.generate(greedy(GenerationRequest.completion("x".repeat(200), 100_000)), s -> { },
                Cancellation.none());
        assertEquals(200 + 3 + 1, g.promptTokens());             // the "▁" prefix is 3 bytes, then BOS
        assertEquals(256 - 204, g.completionTokens());
        assertEquals(Generation.LENGTH, g.finishReason());
    }

    @Test
    void refusesAMissingFileWithAReason() {
        ModelSpec missing = ModelSpec.llamaCpp("missing", TestModels.dir().resolve("nowhere.gguf"));
        LoadException e = assertThrows(LoadException.class, () -> new LlamaCppEngine().load(missing));
        assertTrue(e.getMessage().startsWith("file not found"), e.getMessage());
    }

    @Test
    void refusesAFileLlamaCppCannotLoadWithAReason() throws Exception {
        byte[] whole = Files.readAllBytes(TestModels.tiny());
        whole[whole.length / 2] ^= 0;                                    // same bytes, but under a broken header:
        Path file = TestModels.dir().resolve("bad-arch.gguf");
        String text = new String(whole, java.nio.charset.StandardCharsets.ISO_8859_1)
                .replace("general.architecture\u0008\u0000\u0000\u0000\u0005\u0000\u0000\u0000\u0000\u0000\u0000\u0000llama",
                        "general.architecture\u0008\u0000\u0000\u0000\u0005\u0000\u0000\u0000\u0000\u0000\u0000\u0000xxxxx");
        Files.write(file, text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        LoadException e = assertThrows(LoadException.class,
                () -> new LlamaCppEngine().load(ModelSpec.llamaCpp("bad", file)));
        assertTrue(e.getMessage().startsWith("llama.cpp could not load"), e.getMessage());
    }

    private static GenerationRequest greedy(GenerationRequest r) {
        return r.withSampling(0.0, null, 42L);
    }

    private static NativeModels.Key keyOfTiny() {
        try {
            return NativeModels.Key.of(TestModels.tiny(), 256, 1, 1, false);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
