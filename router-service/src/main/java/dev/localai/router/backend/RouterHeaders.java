package dev.localai.router.backend;

import dev.localai.router.Route;
import io.vertx.core.http.HttpServerResponse;

/** The headers that tell a client who served its request and why. */
public final class RouterHeaders {

    public static final String BACKEND = "X-Router-Backend";
    public static final String MODEL = "X-Router-Model";
    public static final String REASON = "X-Router-Reason";

    private RouterHeaders() {
    }

    public static void apply(HttpServerResponse response, Route route) {
        response.putHeader(BACKEND, route.backend().name())
                .putHeader(MODEL, route.upstreamModel())
                .putHeader(REASON, headerSafe(route.reason()));
    }

    /** Header values must stay on one line of visible ASCII. */
    static String headerSafe(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            out.append(c >= 0x20 && c < 0x7F ? c : '?');
        }
        return out.toString();
    }
}
