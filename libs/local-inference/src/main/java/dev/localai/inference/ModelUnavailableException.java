package dev.localai.inference;

/** The model exists but cannot serve: it failed to load, does not fit the memory budget, or its server is down (HTTP 503). */
public final class ModelUnavailableException extends InferenceException {

    public ModelUnavailableException(String model, String message, Throwable cause) {
        super(model, message, cause);
    }
}
