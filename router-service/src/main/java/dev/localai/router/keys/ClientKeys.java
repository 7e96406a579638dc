package dev.localai.router.keys;

import dev.localai.openai.ApiException;
import dev.localai.router.config.RouterConfig;
import dev.localai.openai.ApiError;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.inject.Singleton;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Client keys: created, listed and revoked in PostgreSQL (only their SHA-256 is stored), and looked up
 * per request in an in-memory index that is reloaded every {@code router.keys.refresh} (so a key
 * revoked on another router instance stops working there within that time) and at once after a
 * change made here.
 *
 * <p>Open or closed: a fresh home lab (no admin key, no key ever created) is open to requests without
 * a key, as a home lab expects, and says so at start. Once an admin key is set or a key has been
 * created, the router is closed: {@code /v1/*} needs a key, and revoking the last key does not open it
 * again. {@code router.keys.allow-anonymous} decides explicitly either way.
 */
@Singleton
public class ClientKeys {

    private static final Logger LOG = Logger.getLogger(ClientKeys.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String COLUMNS = "id, name, prefix, daily_budget_usd, monthly_budget_usd,"
            + " requests_per_minute, allowed_backends, forced_tags, over_budget, created_at, revoked_at";

    private final AgroalDataSource dataSource;
    private final Vertx vertx;
    private final RouterConfig.Keys config;
    private final boolean adminKeySet;
    private volatile Map<String, ClientKey> byHash = Map.of();
    private volatile boolean loaded;
    /** Whether any key was ever created (revoked ones count): then the router does not open by itself. */
    private volatile boolean everCreated;

    public ClientKeys(AgroalDataSource dataSource, Vertx vertx, RouterConfig config) {
        this.dataSource = dataSource;
        this.vertx = vertx;
        this.config = config.keys();
        this.adminKeySet = config.adminKey().filter(k -> !k.isBlank()).isPresent();
    }

    void start(@Observes StartupEvent start) {
        reload();
        if (open()) {
            LOG.warnf("the router is open: requests without a key are served (%s). Set ROUTER_ADMIN_KEY and create"
                    + " keys with POST /admin/keys to close it.", config.allowAnonymous().isPresent()
                    ? "router.keys.allow-anonymous=true" : "no admin key is set and no client key was ever created");
        } else {
            LOG.infof("the router is closed: /v1 needs 'Authorization: Bearer <key>' (%d active client keys%s)",
                    byHash.size(), adminKeySet ? ", or the admin key" : "");
        }
        long every = config.refresh().toMillis();
        vertx.setPeriodic(every, every, t -> vertx.executeBlocking(() -> {
            reload();
            return null;
        }, false));
    }

    /** True when requests without a key are served: explicitly, or in a home lab that never made a key. */
    public boolean open() {
        return config.allowAnonymous().orElse(!adminKeySet && !everCreated);
    }

    /** The active key a bearer token stands for. */
    public Optional<ClientKey> find(String token) {
        return token == null ? Optional.empty() : Optional.ofNullable(byHash.get(hash(token)));
    }

    /** The active key with this id (from the same index as {@link #find}). */
    public Optional<ClientKey> active(UUID id) {
        return byHash.values().stream().filter(k -> k.id().equals(id)).findFirst();
    }

    /** What an administrator asks for when creating a key. */
    public record NewKey(String name, BigDecimal dailyBudgetUsd, BigDecimal monthlyBudgetUsd, Integer requestsPerMinute,
                         List<String> allowedBackends, List<String> forcedTags, String overBudget) {
    }

    /** A key as listed: everything but the secret. */
    @com.fasterxml.jackson.databind.annotation.JsonNaming(
            com.fasterxml.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record KeyInfo(UUID id, String name, String prefix, BigDecimal dailyBudgetUsd, BigDecimal monthlyBudgetUsd,
                          Integer requestsPerMinute, List<String> allowedBackends, List<String> forcedTags,
                          String overBudget, java.time.Instant createdAt, java.time.Instant revokedAt) {
    }

    /** Creates a key; the returned secret is never stored and cannot be shown again. */
    public Map.Entry<KeyInfo, String> create(NewKey request, Set<String> knownBackends, Set<String> knownTags)
            throws SQLException {
        validate(request);
        unknown("allowed_backends", request.allowedBackends(), knownBackends, "backend");
        List<String> forcedTags = request.forcedTags() == null ? null : request.forcedTags().stream()
                .map(t -> t == null ? null : dev.localai.router.Tags.normalize(t)).toList();
        unknown("forced_tags", forcedTags, knownTags, "tag");
        byte[] random = new byte[24];
        RANDOM.nextBytes(random);
        String secret = "lar-" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        UUID id = UUID.randomUUID();
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("insert into client_key (id, name, prefix, hash,"
                     + " daily_budget_usd, monthly_budget_usd, requests_per_minute, allowed_backends, forced_tags,"
                     + " over_budget) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setObject(1, id);
            s.setString(2, request.name().strip());
            s.setString(3, secret.substring(0, 8));
            s.setString(4, hash(secret));
            s.setBigDecimal(5, request.dailyBudgetUsd());
            s.setBigDecimal(6, request.monthlyBudgetUsd());
            if (request.requestsPerMinute() == null) {
                s.setNull(7, Types.INTEGER);
            } else {
                s.setInt(7, request.requestsPerMinute());
            }
            s.setString(8, joined(request.allowedBackends()));
            s.setString(9, joined(forcedTags));
            s.setString(10, request.overBudget() == null ? "local" : request.overBudget());
            s.executeUpdate();
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                throw ApiException.badRequest("An active key named '" + request.name() + "' exists already.",
                        "name", "duplicate_name");
            }
            throw e;
        }
        reload();
        return Map.entry(get(id).orElseThrow(), secret);
    }

    public List<KeyInfo> list() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("select " + COLUMNS + " from client_key order by created_at");
             ResultSet r = s.executeQuery()) {
            List<KeyInfo> out = new ArrayList<>();
            while (r.next()) {
                out.add(info(r));
            }
            return out;
        }
    }

    public Optional<KeyInfo> get(UUID id) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("select " + COLUMNS + " from client_key where id = ?")) {
            s.setObject(1, id);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(info(r)) : Optional.empty();
            }
        }
    }

    /** Revokes a key; true when it was active. */
    public boolean revoke(UUID id) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(
                     "update client_key set revoked_at = now() where id = ? and revoked_at is null")) {
            s.setObject(1, id);
            boolean changed = s.executeUpdate() == 1;
            reload();
            return changed;
        }
    }

    /** Reads the active keys; keeps the previous index when PostgreSQL cannot be read. */
    void reload() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("select hash, " + COLUMNS + " from client_key where revoked_at is null");
             ResultSet r = s.executeQuery()) {
            Map<String, ClientKey> next = new java.util.HashMap<>();
            if (!everCreated) {
                everCreated = anyKeyEver(c);
            }
            while (r.next()) {
                KeyInfo info = info(r);
                next.put(r.getString("hash"), new ClientKey(info.id(), info.name(), info.prefix(), info.dailyBudgetUsd(),
                        info.monthlyBudgetUsd(), info.requestsPerMinute(), Set.copyOf(info.allowedBackends()),
                        Set.copyOf(info.forcedTags()), "refuse".equals(info.overBudget())));
            }
            byHash = Map.copyOf(next);
            loaded = true;
        } catch (SQLException e) {
            LOG.warnf("client keys could not be read (%s); %s", e.getMessage(),
                    loaded ? "the last known keys stay in force" : "the router stays open until they can be");
        }
    }

    private static boolean anyKeyEver(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select exists (select 1 from client_key)");
             ResultSet r = s.executeQuery()) {
            return r.next() && r.getBoolean(1);
        }
    }

    /** A 400 naming every value of {@code field} that is not one of {@code known}. */
    private static void unknown(String field, List<String> values, Set<String> known, String what) {
        if (values == null) {
            return;
        }
        List<String> bad = values.stream().filter(v -> v == null || !known.contains(v.strip())).map(String::valueOf)
                .toList();
        if (!bad.isEmpty()) {
            throw ApiException.badRequest("Unknown " + what + (bad.size() > 1 ? "s" : "") + " in '" + field + "': "
                    + String.join(", ", bad) + ". Known: " + String.join(", ", new java.util.TreeSet<>(known)) + ".",
                    field, "invalid_value");
        }
    }

    private static KeyInfo info(ResultSet r) throws SQLException {
        java.sql.Timestamp revoked = r.getTimestamp("revoked_at");
        return new KeyInfo(r.getObject("id", UUID.class), r.getString("name"), r.getString("prefix") + "…",
                r.getBigDecimal("daily_budget_usd"), r.getBigDecimal("monthly_budget_usd"),
                (Integer) r.getObject("requests_per_minute"), split(r.getString("allowed_backends")),
                split(r.getString("forced_tags")), r.getString("over_budget"), r.getTimestamp("created_at").toInstant(),
                revoked == null ? null : revoked.toInstant());
    }

    private static void validate(NewKey k) {
        if (k == null || k.name() == null || k.name().isBlank()) {
            throw ApiException.badRequest("A key needs a 'name' (for example the device or person using it).",
                    "name", "missing_field");
        }
        if (k.dailyBudgetUsd() != null && k.dailyBudgetUsd().signum() < 0
                || k.monthlyBudgetUsd() != null && k.monthlyBudgetUsd().signum() < 0) {
            throw ApiException.badRequest("Budgets are amounts in USD of 0 or more.", "daily_budget_usd",
                    "invalid_value");
        }
        if (k.requestsPerMinute() != null && k.requestsPerMinute() < 1) {
            throw ApiException.badRequest("'requests_per_minute' must be 1 or more (leave it out for no limit).",
                    "requests_per_minute", "invalid_value");
        }
        if (k.overBudget() != null && !Set.of("local", "refuse").contains(k.overBudget())) {
            throw ApiException.badRequest("'over_budget' is 'local' (paid backends are dropped) or 'refuse' (429).",
                    "over_budget", "invalid_value");
        }
    }

    private static String joined(List<String> values) {
        return values == null || values.isEmpty() ? null
                : values.stream().map(String::strip).filter(v -> !v.isEmpty()).collect(Collectors.joining(","));
    }

    private static List<String> split(String value) {
        return value == null || value.isBlank() ? List.of()
                : List.copyOf(new LinkedHashSet<>(Arrays.asList(value.split(","))));
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** The 401 a request without a valid key gets. */
    static ApiException unauthorized(boolean hadToken) {
        return new ApiException(401, ApiError.of(hadToken
                ? "Incorrect API key provided. Keys are created by the router's administrator (POST /admin/keys)."
                : "This router needs an API key: send 'Authorization: Bearer <key>'.",
                ApiError.INVALID_REQUEST, null, "invalid_api_key"));
    }
}
