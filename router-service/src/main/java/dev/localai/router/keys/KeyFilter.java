package dev.localai.router.keys;

import dev.localai.openai.ApiError;
import dev.localai.openai.ApiException;
import dev.localai.router.config.RouterConfig;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.localai.openai.http.ApiErrors;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import jakarta.enterprise.event.Observes;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * Who may call what. {@code /v1/*}: a client key ({@code Authorization: Bearer …}) unless the router is
 * open ({@link ClientKeys#open}), within its requests-per-minute (held across replicas: {@link SharedRateLimiter}); the key travels with the request
 * ({@link #KEY}), also on an open router, so its rules hold. The admin key may call {@code /v1/*} too,
 * without a client key's limits. {@code /admin/*}: the admin key, and disabled without one.
 * {@code /api/*} (the request log, costs): the admin key when one is set; open without one only while
 * the router itself is open, and said so at start. Health, metrics and OpenAPI ({@code /q/*}) stay open.
 */
@Singleton
public class KeyFilter {

    /** Routing-context key under which the request's {@link ClientKey} is found. */
    public static final String KEY = "router.client-key";

    private final ClientKeys keys;
    private final ObjectMapper json;
    /** Marks eval traffic ({@code dev.localai.router.evals}); honoured from the administrator or an open router only. */
    public static final String EVAL_HEADER = "X-Router-Eval";
    private final Optional<byte[]> adminKey;
    private final SharedRateLimiter limiter;
    private final jakarta.enterprise.inject.Instance<SessionCredentials> sessions;

    public KeyFilter(ClientKeys keys, ObjectMapper json, RouterConfig config, SharedRateLimiter limiter,
                     jakarta.enterprise.inject.Instance<SessionCredentials> sessions) {
        this.sessions = sessions;
        this.keys = keys;
        this.json = json;
        this.limiter = limiter;
        this.adminKey = config.adminKey().filter(k -> !k.isBlank()).map(k -> k.getBytes(StandardCharsets.UTF_8));
    }

    void register(@Observes Filters filters) {
        filters.register(this::filter, 100);
    }

    void announce(@Observes io.quarkus.runtime.StartupEvent start) {
        if (adminKey.isEmpty() && keys.open()) {
            org.jboss.logging.Logger.getLogger(KeyFilter.class).warn("/api/* (request log with key names, costs,"
                    + " export) is open to anyone who can reach the router: set ROUTER_ADMIN_KEY to protect it");
        }
    }

    void filter(RoutingContext rc) {
        String path = rc.normalizedPath();
        String token = bearer(rc.request().getHeader("Authorization"));
        if (token == null) {
            token = blankToNull(rc.request().getHeader("x-api-key"));     // Anthropic's clients send this
        }
        SessionCredentials.Verdict session = token == null && sessions.isResolvable()
                ? sessions.get().caller(rc) : null;                  // the console's login cookie
        if (session != null && session.refusal() != null) {
            refuse(rc, session.refusal());
            return;
        }
        boolean admin = isAdmin(token) || session != null && session.admin();
        if (path.startsWith("/v1/")) {
            client(rc, token, admin, session == null ? null : session.key());
        } else if (path.startsWith("/admin/") || path.equals("/admin")) {
            if (adminKey.isEmpty()) {
                refuse(rc, new ApiException(403, ApiError.of("The admin API is disabled: set ROUTER_ADMIN_KEY"
                        + " (router.admin-key) and send it as 'Authorization: Bearer <admin key>'.",
                        ApiError.INVALID_REQUEST, null, "admin_disabled")));
            } else if (!admin) {
                refuse(rc, adminRequired(token != null));
            } else {
                rc.next();
            }
        } else if (path.startsWith("/api/") && adminKey.isPresent() && !admin) {
            refuse(rc, adminRequired(token != null));
        } else if (path.startsWith("/api/") && adminKey.isEmpty() && !keys.open()) {
            refuse(rc, new ApiException(403, ApiError.of("The request log and costs API needs the admin key,"
                    + " and none is set: set ROUTER_ADMIN_KEY (router.admin-key).", ApiError.INVALID_REQUEST, null,
                    "admin_disabled")));
        } else {
            rc.next();
        }
    }

    private void client(RoutingContext rc, String token, boolean admin, ClientKey sessionKey) {
        Optional<ClientKey> key = sessionKey != null ? Optional.of(sessionKey) : keys.find(token);
        if (rc.request().getHeader(EVAL_HEADER) != null && !admin && key.isPresent()) {
            refuse(rc, new ApiException(403, ApiError.of("'" + EVAL_HEADER + "' marks an eval run's requests, which"
                    + " count on no key's budget: only the router's own eval runner (the admin key) may send it.",
                    ApiError.INVALID_REQUEST, null, "eval_needs_admin")));
            return;
        }
        if (key.isEmpty() && (keys.open() || admin)) {
            rc.next();                     // no key's rules: an open router, or the administrator
            return;
        }
        if (key.isEmpty()) {
            refuse(rc, ClientKeys.unauthorized(token != null));
            return;
        }
        ClientKey k = key.get();
        if (k.requestsPerMinute() == null) {
            pass(rc, k);
            return;
        }
        CompletableFuture<OptionalLong> taken = limiter.acquire(k.id(), k.requestsPerMinute(), System.currentTimeMillis());
        if (taken.isDone()) {
            limited(rc, k, taken.join());                        // the replica's slice covered it: no waiting
            return;
        }
        rc.request().pause();                                    // the body waits until the slice arrives
        Context context = Vertx.currentContext();
        taken.whenComplete((wait, failure) -> context.runOnContext(v -> {
            if (!rc.response().closed()) {
                limited(rc, k, failure == null ? wait : OptionalLong.empty());
            }
        }));
    }

    private void limited(RoutingContext rc, ClientKey k, OptionalLong wait) {
        if (wait.isPresent()) {
            refuse(rc, new ApiException(429, ApiError.of("Rate limit reached for key '" + k.name() + "': "
                    + k.requestsPerMinute() + " requests per minute. Try again in " + wait.getAsLong() + " s.",
                    ApiError.RATE_LIMIT, null, "rate_limit_exceeded"),
                    Map.of("Retry-After", Long.toString(Math.max(1, wait.getAsLong())))));
            return;
        }
        pass(rc, k);
    }

    private static void pass(RoutingContext rc, ClientKey k) {
        rc.put(KEY, k);
        rc.next();
    }

    private boolean isAdmin(String token) {
        return token != null && adminKey.isPresent()
                && MessageDigest.isEqual(adminKey.get(), token.getBytes(StandardCharsets.UTF_8));
    }

    private void refuse(RoutingContext rc, ApiException e) {
        ApiErrors.write(rc.response(), e, json);
    }

    private static ApiException adminRequired(boolean hadToken) {
        return new ApiException(401, ApiError.of(hadToken ? "Incorrect admin key."
                : "This needs the router's admin key: send 'Authorization: Bearer <admin key>'.",
                ApiError.INVALID_REQUEST, null, "invalid_api_key"));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    static String bearer(String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = header.substring(7).strip();
        return token.isEmpty() ? null : token;
    }
}
