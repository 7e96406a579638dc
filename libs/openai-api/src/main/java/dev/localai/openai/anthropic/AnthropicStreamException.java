package dev.localai.openai.anthropic;

/**
 * An {@code error} event in an Anthropic stream
 * (https://docs.anthropic.com/en/docs/build-with-claude/streaming#error-events), for example
 * {@code overloaded_error} during high load: the stream is over. {@link #openAi()} is the same failure
 * for an OpenAI client, to end its stream with.
 */
public class AnthropicStreamException extends RuntimeException {

    private final transient AnthropicError error;
    private final transient OpenAiFailure openAi;

    public AnthropicStreamException(AnthropicError error) {
        super("Anthropic stream error " + error.errorType() + ": " + error.message());
        this.error = error;
        this.openAi = AnthropicErrorToOpenAi.translate(error);
    }

    /** The error event as Anthropic sent it. */
    public AnthropicError error() {
        return error;
    }

    /** The error as an OpenAI client should see it. */
    public OpenAiFailure openAi() {
        return openAi;
    }
}
