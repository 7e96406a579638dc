package dev.localai.inference.serving;

import dev.localai.inference.ContextLengthException;
import dev.localai.inference.InferenceException;
import dev.localai.inference.ModelUnavailableException;
import dev.localai.inference.QueueFullException;
import dev.localai.inference.UnknownModelException;
import dev.localai.inference.UnsupportedCapabilityException;
import dev.localai.openai.ApiError;
import dev.localai.openai.ApiException;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.UUID;

/**
 * What this service's failures look like to a client: every failure becomes an {@link ApiException}
 * ({@link #of}), none reaches a client as a stack trace; {@link dev.localai.openai.http.ApiErrors}
 * writes them.
 */
public final class InferenceErrors {

    private static final Logger LOG = Logger.getLogger(InferenceErrors.class);

    private InferenceErrors() {
    }

    public static ApiException of(Throwable failure) {
        if (failure instanceof ApiException known) {
            return known;
        }
        if (failure instanceof UnknownModelException e) {
            return new ApiException(404, ApiError.invalidRequest(e.getMessage(), "model", "model_not_found"), Map.of());
        }
        if (failure instanceof QueueFullException e) {
            return new ApiException(503, ApiError.of(e.getMessage(), ApiError.UNAVAILABLE, null, "model_busy"),
                    Map.of("Retry-After", String.valueOf(Math.max(1, e.retryAfter().toSeconds()))));
        }
        if (failure instanceof ModelUnavailableException e) {
            return new ApiException(503, ApiError.of(e.getMessage(), ApiError.UNAVAILABLE, "model", "model_unavailable"),
                    Map.of());
        }
        if (failure instanceof ContextLengthException e) {
            return ApiException.badRequest(e.getMessage(), "messages", "context_length_exceeded");
        }
        if (failure instanceof UnsupportedCapabilityException e) {
            return ApiException.badRequest(e.getMessage(), "model", null);
        }
        if (failure instanceof InferenceException e) {
            return new ApiException(503, ApiError.of(e.getMessage(), ApiError.UNAVAILABLE, null, null), Map.of());
        }
        String reference = UUID.randomUUID().toString().substring(0, 8);
        LOG.errorf(failure, "inference failed, reference %s", reference);
        String message = "The model failed to answer (" + (failure.getMessage() == null ? failure.getClass().getSimpleName()
                : failure.getMessage()) + "); reference " + reference;
        return new ApiException(503, ApiError.of(message, ApiError.SERVER_ERROR, null, "inference_failed"), Map.of());
    }
}
