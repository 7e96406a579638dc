package dev.localai.standins.ollama;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The stub's embeddings: a deterministic vector per text, the same for the same text and dimensions on every
 * run, different for different texts, and of unit length as Ollama's {@code /api/embed} normalizes its
 * vectors. Component {@code i} comes from SHA-256 of {@code i + ":" + text}, mapped to [-1, 1].
 */
final class EmbeddingVectors {

    private EmbeddingVectors() {
    }

    static float[] of(String text, int dimensions) {
        float[] vector = new float[dimensions];
        double sum = 0;
        for (int i = 0; i < dimensions; i++) {
            long bits = ByteBuffer.wrap(sha256(i + ":" + text)).getLong();
            vector[i] = (float) ((bits >>> 11) / (double) (1L << 53) * 2 - 1);
            sum += vector[i] * (double) vector[i];
        }
        double norm = Math.max(Math.sqrt(sum), 1e-12);
        for (int i = 0; i < dimensions; i++) {
            vector[i] = (float) (vector[i] / norm);
        }
        return vector;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
