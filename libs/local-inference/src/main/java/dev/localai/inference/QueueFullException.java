package dev.localai.inference;

import java.time.Duration;

/** Every slot of the model is busy and its queue is full, or the wait for a slot timed out (HTTP 503 + Retry-After). */
public final class QueueFullException extends InferenceException {

    private final Duration retryAfter;

    public QueueFullException(String model, String message, Duration retryAfter) {
        super(model, message, null);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
