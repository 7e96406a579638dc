package dev.localai.inference.serving;

import dev.localai.inference.InferenceException;
import dev.localai.inference.ModelUnavailableException;
import dev.localai.inference.QueueFullException;
import dev.localai.inference.UnknownModelException;
import dev.localai.inference.UnsupportedCapabilityException;
import dev.localai.openai.ApiError;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.UUID;

/**
 * A failure as a client sees it: an HTTP status, OpenAI's error envelope and extra headers. Every
 * failure of this service becomes one of these ({@link #of}); none reaches a client as a stack trace.
 */
public final class ClientError extends RuntimeException {

    private static final Logger LOG = Logger.getLogger(ClientError.class);

    private final int status;
    private final ApiError error;
    private final Map<String, String> headers;

    public ClientError(int status, ApiError error, Map<String, String> headers) {
        super(error.error().message());
        this.status = status;
        this.error = error;
        this.headers = Map.copyOf(headers);
    }

    /** 400 for a request that is wrong; {@code param} names the field when known. */
    public static ClientError badRequest(String message, String param) {
        return new ClientError(400, ApiError.invalidRequest(message, param, null), Map.of());
    }

    public static ClientError of(Throwable failure) {
        if (failure instanceof ClientError known) {
            return known;
        }
        if (failure instanceof UnknownModelException e) {
            return new ClientError(404, ApiError.invalidRequest(e.getMessage(), "model", "model_not_found"), Map.of());
        }
        if (failure instanceof QueueFullException e) {
            return new ClientError(503, ApiError.of(e.getMessage(), ApiError.UNAVAILABLE, null, "model_busy"),
                    Map.of("Retry-After", String.valueOf(Math.max(1, e.retryAfter().toSeconds()))));
        }
        if (failure instanceof ModelUnavailableException e) {
            return new ClientError(503, ApiError.of(e.getMessage(), ApiError.UNAVAILABLE, "model", "model_unavailable"),
                    Map.of());
        }
        if (failure instanceof UnsupportedCapabilityException e) {
            return badRequest(e.getMessage(), "model");
        }
        if (failure instanceof InferenceException e) {
            return new ClientError(503, ApiError.of(e.getMessage(), ApiError.UNAVAILABLE, null, null), Map.of());
        }
        String reference = UUID.randomUUID().toString().substring(0, 8);
        LOG.errorf(failure, "inference failed, reference %s", reference);
        String message = "The model failed to answer (" + (failure.getMessage() == null ? failure.getClass().getSimpleName()
                : failure.getMessage()) + "); reference " + reference;
        return new ClientError(503, ApiError.of(message, ApiError.SERVER_ERROR, null, "inference_failed"), Map.of());
    }

    public int status() {
        return status;
    }

    public ApiError error() {
        return error;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
