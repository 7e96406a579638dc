package dev.localai.router.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.localai.openai.ApiError;
import dev.localai.openai.ApiException;
import dev.localai.openai.http.ApiErrors;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import java.util.Optional;

/**
 * Guards the console's own API ({@code /console/api/*}: chats, for every person; {@code /api/console/*}:
 * the overview and its buttons, for the administrator, which {@code KeyFilter} checks as for all of
 * {@code /api}): a caller must be logged in (or the router open), and a change must carry the CSRF token.
 * Runs after {@code KeyFilter}. The caller is left in the routing context for the resources
 * ({@link #caller}). The console's pages get a strict Content-Security-Policy: scripts only from the router.
 */
@Singleton
public class ConsoleFilter {

    static final String CALLER = "router.console.caller";
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline';"
            + " img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none';"
            + " form-action 'self'";

    private final ConsoleSessions sessions;
    private final ObjectMapper json;

    public ConsoleFilter(ConsoleSessions sessions, ObjectMapper json) {
        this.sessions = sessions;
        this.json = json;
    }

    void register(@Observes Filters filters) {
        filters.register(this::filter, 90);
    }

    void filter(RoutingContext rc) {
        String path = rc.normalizedPath();
        boolean api = path.startsWith("/console/api/") || path.startsWith("/api/console/");
        if (!api) {
            if (path.equals("/") || path.equals("/index.html") || path.startsWith("/console/")) {
                rc.response().putHeader("Content-Security-Policy", CSP).putHeader("X-Content-Type-Options", "nosniff")
                        .putHeader("Referrer-Policy", "no-referrer");
            }
            rc.next();
            return;
        }
        rc.response().putHeader("Cache-Control", "no-store");
        if (path.equals("/console/api/session") || path.equals("/console/api/login")) {
            rc.next();
            return;
        }
        Optional<Caller> caller = sessions.who(rc);
        if (caller.isEmpty()) {
            ApiErrors.write(rc.response(), new ApiException(401, ApiError.of("Log in to the console first.",
                    ApiError.INVALID_REQUEST, null, "login_required")), json);
        } else if (!ConsoleSessions.csrfOk(rc, caller.get())) {
            ApiErrors.write(rc.response(), ConsoleSessions.csrfRefusal(), json);
        } else {
            rc.put(CALLER, caller.get());
            rc.next();
        }
    }

    /** The caller this filter let through. */
    static Caller caller(RoutingContext rc) {
        Caller c = rc.get(CALLER);
        if (c == null) {
            throw new ApiException(401, ApiError.of("Log in to the console first.", ApiError.INVALID_REQUEST, null,
                    "login_required"));
        }
        return c;
    }
}
