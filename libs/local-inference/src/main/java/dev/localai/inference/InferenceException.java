package dev.localai.inference;

/** A failure a client should hear about in words; each subclass maps to one HTTP status. */
public abstract class InferenceException extends RuntimeException {

    private final String model;

    protected InferenceException(String model, String message, Throwable cause) {
        super(message, cause);
        this.model = model;
    }

    /** The model concerned; null when none is known. */
    public String model() {
        return model;
    }
}
