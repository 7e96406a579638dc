package dev.localai.router;

import dev.localai.openai.ApiError;
import dev.localai.openai.ApiException;

/** The router's own failures, as {@link ApiException}s a client can be shown. */
public final class RouterErrors {

    private RouterErrors() {
    }

    /** 404 for a model no backend serves, worded as OpenAI words it. */
    public static ApiException modelNotFound(String model) {
        return new ApiException(404, ApiError.invalidRequest("The model `" + model
                + "` does not exist or you do not have access to it. GET /v1/models lists the models this router serves.",
                "model", "model_not_found"));
    }

    public static ApiException tooLarge(long limitBytes) {
        return ApiException.tooLarge(limitBytes, "router.limits.max-request-bytes");
    }

    /** 502: the backend refused the connection or could not be reached at all. */
    public static ApiException unreachable(String backend, String what) {
        return new ApiException(502, ApiError.of("Backend '" + backend + "' " + what, ApiError.UPSTREAM_ERROR,
                null, "backend_unreachable"));
    }

    /** 502: the backend answered with something unusable. */
    public static ApiException badGateway(String backend, String what) {
        return new ApiException(502, ApiError.of("Backend '" + backend + "' " + what, ApiError.UPSTREAM_ERROR,
                null, "backend_error"));
    }

    /** 504: the backend accepted the request but went silent for longer than allowed. */
    public static ApiException gatewayTimeout(String backend, String what) {
        return new ApiException(504, ApiError.of("Backend '" + backend + "' " + what, ApiError.UPSTREAM_ERROR,
                null, "backend_timeout"));
    }

    /** Any failure as a client is shown it: an unexpected one is logged with a reference, never shown. */
    public static ApiException forClient(Throwable failure) {
        if (failure instanceof ApiException known) {
            return known;
        }
        String reference = java.util.UUID.randomUUID().toString().substring(0, 8);
        org.jboss.logging.Logger.getLogger(RouterErrors.class).errorf(failure, "unexpected failure, reference %s",
                reference);
        return internal(reference);
    }

    /** 500 for a bug of the router's own: a short message and a reference into the log, never a trace. */
    public static ApiException internal(String reference) {
        return new ApiException(500, ApiError.of("The router failed unexpectedly (reference " + reference
                + " in its log).", ApiError.SERVER_ERROR, null, "internal_error"));
    }
}
