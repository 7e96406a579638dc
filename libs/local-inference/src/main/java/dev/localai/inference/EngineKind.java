package dev.localai.inference;

import java.util.Locale;

/** Which engine serves a model. */
public enum EngineKind {
    /** llama.cpp in this JVM through {@code de.kherud:llama}. */
    LLAMA_CPP,
    /** An OpenAI-compatible server ({@code llama-server}, vLLM) by URL, optionally started and supervised here. */
    OPENAI_SERVER,
    /** An Ollama server by URL. */
    OLLAMA;

    /** Reads {@code llama-cpp}, {@code llama_cpp}, {@code openai-server}, {@code ollama} in any case. */
    public static EngineKind parse(String text) {
        try {
            return valueOf(text.trim().replace('-', '_').toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown engine '" + text + "' (llama-cpp, openai-server, ollama)");
        }
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
