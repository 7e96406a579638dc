package dev.localai.router;

import dev.localai.router.Backend;

/**
 * Where one request goes and why.
 *
 * @param backend       the backend that serves it
 * @param upstreamModel the model id sent to that backend, as the backend names it
 * @param reason        a short human explanation, returned in {@code X-Router-Reason}
 * @param forceBig      the request may use the gaming PC in gaming mode; passed on as {@code X-Force-Big: true}
 */
public record Route(Backend backend, String upstreamModel, String reason, boolean forceBig) {

    public Route(Backend backend, String upstreamModel, String reason) {
        this(backend, upstreamModel, reason, false);
    }
}
