package dev.localai.inference.serving.generation;

import dev.localai.inference.Cancellation;
import dev.localai.inference.serving.ClientError;
import io.vertx.core.http.HttpServerRequest;

import java.time.Duration;

/**
 * What a service adds around each generation that {@link GenerationRunner} serves: its own admission
 * rule, metrics, a register of requests in flight. A service provides at most one bean of this type;
 * without one, nothing is added. Every method has a no-op default and must not block.
 */
public interface GenerationHooks {

    GenerationHooks NONE = new GenerationHooks() {
    };

    /** On the event loop, once the request is parsed: throw a {@link ClientError} to refuse it. */
    default void admit(InferenceCall call, HttpServerRequest request, byte[] body) {
    }

    /** The request is accepted (it may still wait for a slot); {@link #finished} follows exactly once. */
    default void begin(InferenceCall call, Cancellation cancellation) {
    }

    /** The first token, this long after the request was accepted. */
    default void firstToken(InferenceCall call, Duration sinceArrival) {
    }

    /** The client went away and its generation stopped. */
    default void clientLeft(InferenceCall call) {
    }

    /**
     * Whether this service, not the client, cancelled the request: the error the client gets instead of
     * an answer, or null.
     */
    default ClientError cancelledByService(Cancellation cancellation) {
        return null;
    }

    /** The request is over (answered, failed or cancelled). */
    default void finished(InferenceCall call, Cancellation cancellation) {
    }
}
