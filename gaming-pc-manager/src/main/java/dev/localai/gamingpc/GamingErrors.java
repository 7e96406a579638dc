package dev.localai.gamingpc;

import dev.localai.openai.ApiException;
import dev.localai.openai.ApiError;

import java.util.Map;

/** The errors only the gaming PC gives, in OpenAI's shape; the shared ones are {@link ApiException}'s. */
public final class GamingErrors {

    private GamingErrors() {
    }

    /** 503 while gaming mode holds the GPU and the request is not forced. */
    public static ApiException gamingMode() {
        return new ApiException(503, ApiError.of("The gaming PC is in gaming mode: its GPU is reserved for games. "
                + "Send X-Force-Big: true (or the force_big tag) to use it anyway.", ApiError.UNAVAILABLE, null,
                "gaming_mode"), Map.of());
    }

    /** 503 for a request cancelled by stop-all. */
    public static ApiException stopped() {
        return new ApiException(503, ApiError.of("The request was cancelled: every model of the gaming PC was stopped",
                ApiError.UNAVAILABLE, null, "models_stopped"), Map.of());
    }

    /** 401 for a control call without the configured bearer token. */
    public static ApiException unauthorized() {
        return new ApiException(401, ApiError.of("This call needs the gaming PC's bearer token: "
                + "send Authorization: Bearer <token>", ApiError.AUTHENTICATION, null, "invalid_api_key"),
                Map.of("WWW-Authenticate", "Bearer"));
    }
}
