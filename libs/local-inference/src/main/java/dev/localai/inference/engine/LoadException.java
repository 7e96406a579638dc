package dev.localai.inference.engine;

/** A load failed; the message is the readable reason shown in the model's error state. */
public final class LoadException extends Exception {

    public LoadException(String reason) {
        super(reason);
    }

    public LoadException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
