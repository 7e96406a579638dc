package dev.localai.inference.serving.generation;

import dev.localai.openai.ApiException;
import dev.localai.inference.Cancellation;
import io.vertx.core.http.HttpServerRequest;

import java.time.Duration;
import java.util.List;

/**
 * What a service adds around each generation that {@link GenerationRunner} serves: its own admission
 * rule, metrics, a register of requests in flight. Every bean of this type takes part (see {@link #all});
 * every method has a no-op default and must not block.
 */
public interface GenerationHooks {

    GenerationHooks NONE = new GenerationHooks() {
    };

    /**
     * All of {@code hooks} in order: each is told everything, the first to refuse a request refuses it,
     * and the first that cancelled a request says why.
     */
    static GenerationHooks all(List<GenerationHooks> hooks) {
        List<GenerationHooks> each = List.copyOf(hooks);
        if (each.isEmpty()) {
            return NONE;
        }
        if (each.size() == 1) {
            return each.get(0);
        }
        return new GenerationHooks() {
            @Override
            public void admit(InferenceCall call, HttpServerRequest request, byte[] body) {
                each.forEach(h -> h.admit(call, request, body));
            }

            @Override
            public void begin(InferenceCall call, Cancellation cancellation) {
                each.forEach(h -> h.begin(call, cancellation));
            }

            @Override
            public void firstToken(InferenceCall call, Duration sinceArrival) {
                each.forEach(h -> h.firstToken(call, sinceArrival));
            }

            @Override
            public void clientLeft(InferenceCall call) {
                each.forEach(h -> h.clientLeft(call));
            }

            @Override
            public ApiException cancelledByService(Cancellation cancellation) {
                for (GenerationHooks h : each) {
                    ApiException error = h.cancelledByService(cancellation);
                    if (error != null) {
                        return error;
                    }
                }
                return null;
            }

            @Override
            public void finished(InferenceCall call, Cancellation cancellation) {
                each.forEach(h -> h.finished(call, cancellation));
            }
        };
    }

    /** On the event loop, once the request is parsed: throw a {@link ApiException} to refuse it. */
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
    default ApiException cancelledByService(Cancellation cancellation) {
        return null;
    }

    /** The request is over (answered, failed or cancelled). */
    default void finished(InferenceCall call, Cancellation cancellation) {
    }
}
