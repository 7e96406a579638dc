package dev.localai.standins.ollama;

import java.util.Objects;

/**
 * A failure {@link OllamaStub} answers the next model request with ({@code /api/generate}, {@code /api/chat},
 * {@code /api/embed}, {@code /api/embeddings}, loads and unloads included), each as Ollama sends it
 * (docs/api/errors.mdx): a status with {@code {"error": "..."}}, or, once a stream has started, a line
 * {@code {"error": "..."}} in the {@code application/x-ndjson} stream with the status left at 200.
 */
public final class OllamaFailure {

    enum Kind { STATUS, MID_STREAM, DROP }

    private final Kind kind;
    private final int status;
    private final String message;
    private final int afterTokens;

    private OllamaFailure(Kind kind, int status, String message, int afterTokens) {
        this.kind = kind;
        this.status = status;
        this.message = message;
        this.afterTokens = afterTokens;
    }

    /** Answers {@code status} with {@code {"error": message}} (e.g. 500 when the runner crashed, 503 when the queue is full). */
    public static OllamaFailure status(int status, String message) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("not an error status: " + status);
        }
        return new OllamaFailure(Kind.STATUS, status, Objects.requireNonNull(message, "message"), 0);
    }

    /**
     * Streams {@code afterTokens} tokens, then the line {@code {"error": message}}, then ends the response. As in
     * Ollama's {@code streamResponse}, an error before anything was written (zero tokens), and any error of a
     * request that does not stream, is a 500 with {@code {"error": message}} instead.
     */
    public static OllamaFailure midStream(int afterTokens, String message) {
        return new OllamaFailure(Kind.MID_STREAM, 500, Objects.requireNonNull(message, "message"),
                Math.max(0, afterTokens));
    }

    /** Streams {@code afterTokens} tokens, then closes the connection without ending the response (Ollama died). */
    public static OllamaFailure dropConnection(int afterTokens) {
        return new OllamaFailure(Kind.DROP, 0, null, Math.max(0, afterTokens));
    }

    Kind kind() {
        return kind;
    }

    int status() {
        return status;
    }

    String message() {
        return message;
    }

    int afterTokens() {
        return afterTokens;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case STATUS -> "status " + status + ": " + message;
            case MID_STREAM -> "error line after " + afterTokens + " tokens: " + message;
            case DROP -> "connection dropped after " + afterTokens + " tokens";
        };
    }
}
