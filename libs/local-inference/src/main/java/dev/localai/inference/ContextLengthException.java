package dev.localai.inference;

/**
 * The prompt does not fit the context a request gets (a slot's share of the model's context): HTTP 400
 * {@code context_length_exceeded}, as OpenAI answers it, so that a router can hand the request to a model
 * with a larger context instead of counting it as this one's failure.
 */
public final class ContextLengthException extends InferenceException {

    public ContextLengthException(String model, String message) {
        super(model, message, null);
    }

    /** The message for a prompt of {@code promptTokens} against a context of {@code contextTokens}. */
    public static ContextLengthException of(String model, int promptTokens, int contextTokens) {
        return new ContextLengthException(model, "The prompt is " + promptTokens + " tokens; the model '" + model
                + "' has " + contextTokens + " tokens of context per request, which must also hold the answer."
                + " Shorten the messages or use a model with a larger context.");
    }
}
