package dev.localai.opencode;

import dev.localai.openai.ApiError;

import java.time.Duration;
import java.util.Map;

/**
 * A failure as a client of the bridge sees it: an HTTP status, OpenAI's error envelope and extra headers
 * ({@code Retry-After}). Every failure of a request becomes one of these; none reaches a client as a stack
 * trace. The statuses are what the router reads to move its chain on: 404 unknown model, 429 busy or rate
 * limited, 502 the provider failed, 503 OpenCode is down or restarting, 504 a timeout.
 */
public final class BridgeError extends RuntimeException {

    private final int status;
    private final ApiError error;
    private final Map<String, String> headers;

    public BridgeError(int status, ApiError error, Map<String, String> headers) {
        super(error.error().message(), null, false, false);
        this.status = status;
        this.error = error;
        this.headers = Map.copyOf(headers);
    }

    /** 400: the request itself is wrong; {@code param} names the offending field when one is known. */
    public static BridgeError badRequest(String message, String param) {
        return new BridgeError(400, ApiError.invalidRequest(message, param, null), Map.of());
    }

    /** 400 with an OpenAI error code, e.g. {@code context_length_exceeded}. */
    public static BridgeError badRequest(String message, String param, String code) {
        return new BridgeError(400, ApiError.invalidRequest(message, param, code), Map.of());
    }

    /** 404 {@code model_not_found}: the bridge serves no model of that name. */
    public static BridgeError unknownModel(String model, Iterable<String> served) {
        return new BridgeError(404, ApiError.invalidRequest("The model '" + model + "' does not exist here; the"
                + " OpenCode bridge serves " + String.join(", ", served), "model", "model_not_found"), Map.of());
    }

    /** 404 {@code model_not_found}: a served model whose OpenCode model this OpenCode does not have. */
    public static BridgeError modelMissing(String model, String target, String provider) {
        return new BridgeError(404, ApiError.invalidRequest("The model '" + model + "' runs on OpenCode's " + target
                + ", which this OpenCode does not have (no credentials for " + provider + "? log in with opencode"
                + " auth login)", "model", "model_not_found"), Map.of());
    }

    /** 429: the bridge already runs as many sessions as it may; try again (or elsewhere) shortly. */
    public static BridgeError busy(int inFlight) {
        return new BridgeError(429, ApiError.of("The OpenCode bridge is busy: " + inFlight + " sessions are in"
                + " flight, its limit (opencode.max-in-flight)", ApiError.RATE_LIMIT, null, "bridge_busy"),
                retryAfter(Duration.ofSeconds(1)));
    }

    /** 429: the provider behind OpenCode rate-limits; {@code retryAfter} is when OpenCode would try again. */
    public static BridgeError rateLimited(String message, Duration retryAfter) {
        return new BridgeError(429, ApiError.of("The provider rate-limits: " + message, ApiError.RATE_LIMIT, null,
                "rate_limit_exceeded"), retryAfter(retryAfter));
    }

    /** 502: the provider behind OpenCode failed or refused. */
    public static BridgeError provider(String message) {
        return new BridgeError(502, ApiError.of(message, ApiError.UPSTREAM_ERROR, null, "provider_error"), Map.of());
    }

    /** 502: OpenCode itself answered something the bridge cannot use. */
    public static BridgeError opencode(String message) {
        return new BridgeError(502, ApiError.of(message, ApiError.UPSTREAM_ERROR, null, "opencode_error"), Map.of());
    }

    /** 503: OpenCode is not running (starting, restarting, stopped). */
    public static BridgeError unavailable(String message) {
        return new BridgeError(503, ApiError.of(message, ApiError.UNAVAILABLE, null, "opencode_unavailable"),
                retryAfter(Duration.ofSeconds(2)));
    }

    /** 504: no first token, or no end, within the bridge's own timeout. */
    public static BridgeError timeout(String message) {
        return new BridgeError(504, ApiError.of(message, ApiError.SERVER_ERROR, null, "timeout"), Map.of());
    }

    private static Map<String, String> retryAfter(Duration wait) {
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        return Map.of("Retry-After", String.valueOf(seconds));
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

    /** The error's {@code code}, used as the metrics' kind of error. */
    public String kind() {
        String code = error.error().code();
        return code != null ? code : error.error().type();
    }
}
