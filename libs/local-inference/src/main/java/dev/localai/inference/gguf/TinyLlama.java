package dev.localai.inference.gguf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A tiny llama model with random weights (about 0.45 MiB, all F32): 2 layers, 64-wide embeddings,
 * 4 heads, a 259-token SentencePiece vocabulary of three control tokens plus the 256 bytes, and a
 * Jinja chat template ({@code <|role|>content\n} per message). Its output is gibberish, but the
 * whole llama.cpp path (load, template, sampling, streaming, slots) is real.
 *
 * <p>The same seed always gives a byte-identical file. To keep the gibberish printable, embedding
 * dimension 0 is a constant (a bias channel) and the output projection reads it as +1 for printable
 * ASCII byte tokens and -2 for all others.
 */
public final class TinyLlama {

    public static final long DEFAULT_SEED = 42;
    public static final int CONTEXT = 256;

    static final int VOCAB = 259;
    static final int EMBD = 64;
    static final int LAYERS = 2;
    static final int HEADS = 4;
    static final int FFN = 128;
    static final String CHAT_TEMPLATE =
            "{% for m in messages %}{{ '<|' + m['role'] + '|>' + m['content'] + '\\n' }}{% endfor %}"
            + "{% if add_generation_prompt %}{{ '<|assistant|>' }}{% endif %}";

    private static final int FIRST_BYTE_TOKEN = 3;

    private TinyLlama() {
    }

    /** Writes the model for {@code seed} to {@code file}, replacing what is there. */
    public static void write(Path file, long seed) throws IOException {
        GgufWriter gguf = new GgufWriter();
        metadata(gguf);
        weights(gguf, new Random(seed));
        gguf.writeTo(file);
    }

    /** Writes the model only when {@code file} does not exist yet; returns the file. */
    public static Path ensure(Path file, long seed) throws IOException {
        if (!Files.exists(file)) {
            write(file, seed);
        }
        return file;
    }

    private static void metadata(GgufWriter gguf) {
        List<String> tokens = new ArrayList<>(List.of("<unk>", "<s>", "</s>"));
        int[] types = new int[VOCAB];
        types[0] = 2;                                     // UNKNOWN
        types[1] = 3;                                     // CONTROL
        types[2] = 3;
        for (int b = 0; b < 256; b++) {
            tokens.add(String.format("<0x%02X>", b));
            types[FIRST_BYTE_TOKEN + b] = 6;              // BYTE
        }
        int headDim = EMBD / HEADS;
        gguf.string("general.architecture", "llama")
                .string("general.name", "tiny-random-llama")
                .u32("general.alignment", GgufWriter.ALIGNMENT)
                .u32("llama.context_length", CONTEXT)
                .u32("llama.embedding_length", EMBD)
                .u32("llama.block_count", LAYERS)
                .u32("llama.feed_forward_length", FFN)
                .u32("llama.attention.head_count", HEADS)
                .u32("llama.attention.head_count_kv", HEADS)
                .u32("llama.rope.dimension_count", headDim)
                .f32("llama.rope.freq_base", 10000f)
                .f32("llama.attention.layer_norm_rms_epsilon", 1e-5f)
                .u32("llama.vocab_size", VOCAB)
                .string("tokenizer.ggml.model", "llama")
                .strings("tokenizer.ggml.tokens", tokens)
                .floats("tokenizer.ggml.scores", new float[VOCAB])
                .ints("tokenizer.ggml.token_type", types)
                .u32("tokenizer.ggml.unknown_token_id", 0)
                .u32("tokenizer.ggml.bos_token_id", 1)
                .u32("tokenizer.ggml.eos_token_id", 2)
                .bool("tokenizer.ggml.add_bos_token", true)
                .bool("tokenizer.ggml.add_eos_token", false)
                .string("tokenizer.chat_template", CHAT_TEMPLATE);
    }

    private static void weights(GgufWriter gguf, Random random) {
        float[] embeddings = normal(random, VOCAB * EMBD, 0.5f);
        float[] output = normal(random, VOCAB * EMBD, 0.3f);
        for (int token = 0; token < VOCAB; token++) {
            embeddings[token * EMBD] = 3f;                // the bias channel
            output[token * EMBD] = printable(token) ? 1f : -2f;
        }
        gguf.tensor("token_embd.weight", embeddings, EMBD, VOCAB);
        for (int layer = 0; layer < LAYERS; layer++) {
            String blk = "blk." + layer + ".";
            gguf.tensor(blk + "attn_norm.weight", ones(EMBD), EMBD)
                    .tensor(blk + "attn_q.weight", normal(random, EMBD * EMBD, 0.1f), EMBD, EMBD)
                    .tensor(blk + "attn_k.weight", normal(random, EMBD * EMBD, 0.1f), EMBD, EMBD)
                    .tensor(blk + "attn_v.weight", normal(random, EMBD * EMBD, 0.1f), EMBD, EMBD)
                    .tensor(blk + "attn_output.weight", normal(random, EMBD * EMBD, 0.02f), EMBD, EMBD)
                    .tensor(blk + "ffn_norm.weight", ones(EMBD), EMBD)
                    .tensor(blk + "ffn_gate.weight", normal(random, EMBD * FFN, 0.1f), EMBD, FFN)
                    .tensor(blk + "ffn_up.weight", normal(random, EMBD * FFN, 0.1f), EMBD, FFN)
                    .tensor(blk + "ffn_down.weight", normal(random, FFN * EMBD, 0.02f), FFN, EMBD);
        }
        gguf.tensor("output_norm.weight", ones(EMBD), EMBD)
                .tensor("output.weight", output, EMBD, VOCAB);
    }

    private static boolean printable(int token) {
        int b = token - FIRST_BYTE_TOKEN;
        return b >= 0x20 && b < 0x7F;
    }

    private static float[] normal(Random random, int n, float std) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) (random.nextGaussian() * std);
        }
        return values;
    }

    private static float[] ones(int n) {
        float[] values = new float[n];
        Arrays.fill(values, 1f);
        return values;
    }
}
