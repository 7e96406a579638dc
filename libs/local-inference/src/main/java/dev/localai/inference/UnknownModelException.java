package dev.localai.inference;

/** No model of that name is configured (HTTP 404). */
public final class UnknownModelException extends InferenceException {

    public UnknownModelException(String model) {
        super(model, "The model '" + model + "' does not exist", null);
    }
}
