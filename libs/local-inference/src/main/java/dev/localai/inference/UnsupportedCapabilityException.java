package dev.localai.inference;

/** The model cannot do what was asked, e.g. embeddings from a model loaded without them (HTTP 400). */
public final class UnsupportedCapabilityException extends InferenceException {

    public UnsupportedCapabilityException(String model, String message) {
        super(model, message, null);
    }
}
