package dev.localai.router.console;

import dev.localai.openai.ApiError;
import dev.localai.openai.ApiException;
import dev.localai.router.config.RouterConfig;
import dev.localai.router.keys.ClientKey;
import dev.localai.router.keys.ClientKeys;
import dev.localai.router.keys.SessionCredentials;
import io.agroal.api.AgroalDataSource;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Console logins. With an admin key set (or client keys made on a router without one), the console
 * asks for a key: the admin key, or a client key for a person's own chats. A login is a random
 * secret in an {@code HttpOnly}, {@code SameSite=Strict} cookie; PostgreSQL keeps only its SHA-256,
 * so logins survive a restart and are shared by routers on one database, and a revoked client key
 * ends its sessions. Every request that changes something and is authenticated by the cookie must
 * carry the session's CSRF token in {@code X-CSRF-Token} (the page reads it from
 * {@code GET /console/api/session}; another site can neither read it nor set the header without a
 * CORS preflight the router never grants).
 */
@Singleton
public class ConsoleSessions implements SessionCredentials {

    static final String COOKIE = "lar_console";
    static final String CSRF_HEADER = "X-CSRF-Token";
    private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long RELOAD_MS = 10_000;
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(ConsoleSessions.class);

    private record Row(String principal, UUID keyId, String csrf, Instant expires) {
    }

    private final AgroalDataSource dataSource;
    private final ClientKeys keys;
    private final ConsoleConfig config;
    private final Optional<byte[]> adminKey;
    /** The CSRF token of an open router's console, where nobody logs in: one per process. */
    private final String openCsrf = random(24);
    private final io.vertx.core.Vertx vertx;
    /** Live sessions by the SHA-256 of their cookie, read from PostgreSQL: never a query on the event loop. */
    private volatile Map<String, Row> sessions = new ConcurrentHashMap<>();

    public ConsoleSessions(AgroalDataSource dataSource, ClientKeys keys, ConsoleConfig config, RouterConfig router,
                           io.vertx.core.Vertx vertx) {
        this.vertx = vertx;
        this.dataSource = dataSource;
        this.keys = keys;
        this.config = config;
        this.adminKey = router.adminKey().filter(k -> !k.isBlank()).map(k -> k.getBytes(StandardCharsets.UTF_8));
    }

    /** Whether the console asks for a login: an admin key is set, or the router is closed to anonymous callers. */
    public boolean loginRequired() {
        return adminKey.isPresent() || !keys.open();
    }

    /** The caller of a console request: from its cookie, or anyone on an open router; empty = log in first. */
    public Optional<Caller> who(RoutingContext rc) {
        if (!loginRequired()) {
            return Optional.of(new Caller(Caller.Kind.OPEN, null, "everyone (open router)", openCsrf));
        }
        Cookie cookie = rc.request().getCookie(COOKIE);
        if (cookie == null || cookie.getValue().isBlank()) {
            return Optional.empty();
        }
        return session(hash(cookie.getValue())).flatMap(this::caller);
    }

    /** True when a change carries the caller's CSRF token. */
    public static boolean csrfOk(RoutingContext rc, Caller caller) {
        if (SAFE.contains(rc.request().method())) {
            return true;
        }
        String sent = rc.request().getHeader(CSRF_HEADER);
        return sent != null && MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8),
                caller.csrf().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public SessionCredentials.Verdict caller(RoutingContext rc) {
        if (rc.request().getCookie(COOKIE) == null || !loginRequired()) {
            return null;
        }
        Optional<Caller> who = who(rc);
        if (who.isEmpty()) {
            return null;
        }
        Caller c = who.get();
        if (!csrfOk(rc, c)) {
            return new SessionCredentials.Verdict(false, null, csrfRefusal());
        }
        return new SessionCredentials.Verdict(c.kind() == Caller.Kind.ADMIN,
                c.kind() == Caller.Kind.KEY ? keys.active(c.keyId()).orElse(null) : null, null);
    }

    static ApiException csrfRefusal() {
        return new ApiException(403, ApiError.of("This change needs the console's CSRF token in '" + CSRF_HEADER
                + "' (the console page sends it; reload the page).", ApiError.INVALID_REQUEST, null, "csrf_failed"));
    }

    /** Logs in with the admin key or a client key; sets the cookie. A wrong key is a 401 that says no more. */
    public Caller login(RoutingContext rc, String secret) throws SQLException {
        if (!loginRequired()) {
            return who(rc).orElseThrow();
        }
        String principal;
        UUID keyId = null;
        if (secret != null && adminKey.isPresent()
                && MessageDigest.isEqual(adminKey.get(), secret.strip().getBytes(StandardCharsets.UTF_8))) {
            principal = "admin";
        } else {
            Optional<ClientKey> key = secret == null ? Optional.empty() : keys.find(secret.strip());
            if (key.isEmpty()) {
                throw new ApiException(401, ApiError.of("That key is not the admin key nor an active client key.",
                        ApiError.INVALID_REQUEST, "key", "invalid_api_key"));
            }
            principal = "key";
            keyId = key.get().id();
        }
        String value = random(32);
        String csrf = random(24);
        Instant expires = Instant.now().plus(config.sessionTtl());
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement s = c.prepareStatement("delete from console_session where expires_at < now()")) {
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("insert into console_session (id_hash, principal, key_id,"
                    + " csrf, expires_at) values (?, ?, ?, ?, ?)")) {
                s.setString(1, hash(value));
                s.setString(2, principal);
                s.setObject(3, keyId);
                s.setString(4, csrf);
                s.setTimestamp(5, Timestamp.from(expires));
                s.executeUpdate();
            }
        }
        Cookie cookie = Cookie.cookie(COOKIE, value).setPath("/").setHttpOnly(true).setSameSite(CookieSameSite.STRICT)
                .setMaxAge(config.sessionTtl().toSeconds()).setSecure(rc.request().isSSL());
        rc.response().addCookie(cookie);
        Row row = new Row(principal, keyId, csrf, expires);
        sessions.put(hash(value), row);
        return caller(row).orElseThrow();
    }

    /** Ends the caller's session (its row and the cookie). */
    public void logout(RoutingContext rc) throws SQLException {
        Cookie cookie = rc.request().getCookie(COOKIE);
        if (cookie != null) {
            String id = hash(cookie.getValue());
            sessions.remove(id);
            try (Connection c = dataSource.getConnection();
                 PreparedStatement s = c.prepareStatement("delete from console_session where id_hash = ?")) {
                s.setString(1, id);
                s.executeUpdate();
            }
        }
        rc.response().addCookie(Cookie.cookie(COOKIE, "").setPath("/").setHttpOnly(true)
                .setSameSite(CookieSameSite.STRICT).setMaxAge(0));
    }

    private Optional<Caller> caller(Row row) {
        if (row.expires().isBefore(Instant.now())) {
            return Optional.empty();
        }
        if ("admin".equals(row.principal())) {
            return adminKey.isPresent() ? Optional.of(new Caller(Caller.Kind.ADMIN, null, "admin", row.csrf()))
                    : Optional.empty();
        }
        return keys.active(row.keyId()).map(k -> new Caller(Caller.Kind.KEY, k.id(), k.name(), row.csrf()));
    }

    private Optional<Row> session(String idHash) {
        return Optional.ofNullable(sessions.get(idHash));
    }

    void start(@Observes StartupEvent start) {
        reload();
        vertx.setPeriodic(RELOAD_MS, RELOAD_MS, t -> vertx.executeBlocking(() -> {
            reload();
            return null;
        }, false));
    }

    /** Reads every live session (a login made by another router on the same database shows up here). */
    void reload() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("select id_hash, principal, key_id, csrf, expires_at"
                     + " from console_session where expires_at > now()");
             ResultSet r = s.executeQuery()) {
            Map<String, Row> next = new ConcurrentHashMap<>();
            while (r.next()) {
                next.put(r.getString(1), new Row(r.getString(2), r.getObject(3, UUID.class), r.getString(4),
                        r.getTimestamp(5).toInstant()));
            }
            sessions = next;
        } catch (SQLException e) {
            LOG.warnf("console sessions could not be read (%s); the known ones stay valid", e.getMessage());
        }
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static String hash(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
