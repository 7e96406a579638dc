package dev.localai.router.keys;

import dev.localai.openai.ApiException;
import io.vertx.ext.web.RoutingContext;

/**
 * Who a request without a bearer token is, by another credential: the web console's login cookie
 * ({@code dev.localai.router.console.ConsoleSessions}). {@link KeyFilter} asks it only when a request
 * carries no {@code Authorization} or {@code x-api-key}, and then treats the caller as it would the
 * admin key or that client key.
 */
public interface SessionCredentials {

    /**
     * What a session says of its caller.
     *
     * @param admin   the administrator's session
     * @param key     a client key's session (its rules, budgets and limits hold), or null
     * @param refusal set when the session must not be used for this request (a change without its CSRF token)
     */
    record Verdict(boolean admin, ClientKey key, ApiException refusal) {
    }

    /** The session's caller, or null when the request has no (valid) session. */
    Verdict caller(RoutingContext rc);
}
