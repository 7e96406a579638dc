package dev.localai.openai.anthropic;

/**
 * A request that cannot be expressed in the other API (audio input for Claude, a server tool for a
 * local model, several choices, …). The router answers it as a 400 naming {@link #param()}.
 */
public class TranslationException extends IllegalArgumentException {

    private final String param;

    public TranslationException(String message, String param) {
        super(message);
        this.param = param;
    }

    /** The offending field, e.g. {@code messages[2].content[0]}; null when no single field is to blame. */
    public String param() {
        return param;
    }
}
