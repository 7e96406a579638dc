package dev.localai.router.accounting;

import dev.localai.router.config.RouterConfig;
import dev.localai.router.keys.ClientKey;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Per-key budgets in USD, per UTC day and month. Before a paid call the router reserves the call's
 * most likely maximum cost (prompt estimate plus {@code max_tokens} at the model's price); the
 * reservation is one conditional UPDATE per period in one transaction, so concurrent requests, also
 * from several router instances sharing the database, can never together reserve past a budget.
 * After the call the reservation is settled with what the call cost. Overshoot is bounded by one
 * request whose real cost exceeded its estimate.
 */
@Singleton
public class Budgets {

    private static final Logger LOG = Logger.getLogger(Budgets.class);

    /** What was reserved for one call. */
    public record Reservation(ClientKey key, LocalDate day, double amount) {
    }

    private final AgroalDataSource dataSource;
    private final Vertx vertx;
    private final RouterConfig.Budgets config;
    private final MeterRegistry registry;
    private final Map<String, AtomicReference<Double>> used = new ConcurrentHashMap<>();
    private final Set<String> warned = ConcurrentHashMap.newKeySet();
    /** Per key, the last budget operation asked for: the next one starts when it is over. */
    private final Map<java.util.UUID, Future<?>> queues = new java.util.HashMap<>();

    public Budgets(AgroalDataSource dataSource, Vertx vertx, RouterConfig config, MeterRegistry registry) {
        this.dataSource = dataSource;
        this.vertx = vertx;
        this.config = config.budgets();
        this.registry = registry;
    }

    public int defaultCompletionTokens() {
        return config.defaultCompletionTokens();
    }

    /** Reserves {@code amount} USD on every budget of the key; empty when one of them has not that much left. */
    public Future<Optional<Reservation>> reserve(ClientKey key, double amount) {
        LocalDate day = LocalDate.now(ZoneOffset.UTC);
        return inOrder(key, Future.succeededFuture(), () -> {
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                try {
                    for (Period period : periods(key, day)) {
                        ensureRow(c, key, period);
                        try (PreparedStatement s = c.prepareStatement("update budget_spend"
                                + " set reserved_usd = reserved_usd + ? where key_id = ? and period = ? and period_start = ?"
                                + " and spent_usd + reserved_usd + ? <= ?")) {
                            s.setBigDecimal(1, BigDecimal.valueOf(amount));
                            s.setObject(2, key.id());
                            s.setString(3, period.name);
                            s.setDate(4, Date.valueOf(period.start));
                            s.setBigDecimal(5, BigDecimal.valueOf(amount));
                            s.setBigDecimal(6, period.budget);
                            if (s.executeUpdate() == 0) {
                                c.rollback();
                                return Optional.<Reservation>empty();
                            }
                        }
                    }
                    c.commit();
                    return Optional.of(new Reservation(key, day, amount));
                } catch (SQLException e) {
                    c.rollback();
                    throw e;
                }
            }
        });
    }

    /**
     * Settles a reservation with what the finished request cost (counted off the event loop); the waste of
     * a quality cascade, its escalated answers, was settled as each was escalated.
     */
    public void settle(Reservation reservation, LogDraft request, Costing costing) {
        settleLater(reservation, costing).complete(request);
    }

    /**
     * Queues the settling of a request whose last bytes are about to go out, before its cost is known: the
     * key's next reservation waits for it, and for the returned promise to be given the finished request
     * (then it is settled as {@link #settle(Reservation, LogDraft, Costing)} does). Queued before the client
     * can see the end, so a client that sends its next request at once never finds this one's
     * reservation still held.
     */
    public io.vertx.core.Promise<LogDraft> settleLater(Reservation reservation, Costing costing) {
        io.vertx.core.Promise<LogDraft> request = io.vertx.core.Promise.promise();
        inOrder(reservation.key(), request.future(), () -> {
            LogRow counted = costing.count(request.future().result());
            settleNow(reservation, counted.costUsd().subtract(counted.wastedUsd()).doubleValue());
            return null;
        }).onFailure(e -> LOG.errorf("budget of key '%s': could not settle (%s)", reservation.key().name(),
                e.getMessage()));
        return request;
    }

    /** Releases a reservation whose call failed before it cost anything. */
    public void release(Reservation reservation) {
        settle(reservation, 0);
    }

    /** Replaces a reservation by what the call cost. Runs off the event loop; a failure is logged. */
    public void settle(Reservation reservation, double cost) {
        inOrder(reservation.key(), Future.succeededFuture(), () -> {
            settleNow(reservation, cost);
            return null;
        }).onFailure(e -> LOG.errorf("budget of key '%s': could not settle %.6f USD (%s)",
                reservation.key().name(), cost, e.getMessage()));
    }

    /**
     * Runs a key's budget work off the event loop, one after another in the order it was asked for. A
     * settle asked for when an answer ended is done before the key's next reservation, so a client
     * sending one request after another never sees a budget held by a call that is already over (it
     * was seen: a reservation still held made one request go local, the next paid again). The work starts
     * once {@code ready} has completed too (a failed {@code ready} fails it, and the queue goes on).
     */
    private <T> Future<T> inOrder(ClientKey key, Future<?> ready, java.util.concurrent.Callable<T> work) {
        Future<T> next;
        synchronized (queues) {
            Future<?> tail = queues.get(key.id());
            next = (tail == null ? Future.<Void>succeededFuture() : tail.<Void>transform(any -> Future.succeededFuture()))
                    .compose(previousDone -> ready)
                    .compose(both -> vertx.executeBlocking(work, false));
            queues.put(key.id(), next);
        }
        next.onComplete(any -> {
            synchronized (queues) {
                queues.remove(key.id(), next);           // only if nothing was queued behind it
            }
        });
        return next;
    }

    private void settleNow(Reservation reservation, double cost) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            for (Period period : periods(reservation.key(), reservation.day())) {
                try (PreparedStatement s = c.prepareStatement("update budget_spend"
                        + " set reserved_usd = greatest(reserved_usd - ?, 0), spent_usd = spent_usd + ?"
                        + " where key_id = ? and period = ? and period_start = ? returning spent_usd")) {
                    s.setBigDecimal(1, BigDecimal.valueOf(reservation.amount()));
                    s.setBigDecimal(2, BigDecimal.valueOf(cost));
                    s.setObject(3, reservation.key().id());
                    s.setString(4, period.name);
                    s.setDate(5, Date.valueOf(period.start));
                    try (ResultSet r = s.executeQuery()) {
                        if (r.next()) {
                            watch(reservation.key(), period, r.getBigDecimal(1));
                        }
                    }
                }
            }
            c.commit();
        }
    }

    /** Seconds until the tightest spent budget of the key starts again (next UTC day or month). */
    public static long secondsUntilReset(ClientKey key) {
        java.time.Instant now = java.time.Instant.now();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate next = key.dailyBudgetUsd() != null ? today.plusDays(1) : today.withDayOfMonth(1).plusMonths(1);
        return Math.max(1, next.atStartOfDay(ZoneOffset.UTC).toEpochSecond() - now.getEpochSecond());
    }

    private void watch(ClientKey key, Period period, BigDecimal spent) {
        double ratio = period.budget.signum() == 0 ? 1 : spent.doubleValue() / period.budget.doubleValue();
        String id = key.name() + "/" + period.name;
        used.computeIfAbsent(id, k -> {
            AtomicReference<Double> ref = new AtomicReference<>(0d);
            registry.gauge("router_budget_used_ratio", io.micrometer.core.instrument.Tags.of("key", key.name(),
                    "period", period.name), ref, AtomicReference::get);
            return ref;
        }).set(ratio);
        if (ratio >= config.warnAt() && warned.add(id + "/" + period.start)) {
            LOG.warnf("key '%s' has spent %.0f%% of its %s budget (%s of %s USD)", key.name(), ratio * 100,
                    period.name.equals("day") ? "daily" : "monthly", spent.stripTrailingZeros().toPlainString(),
                    period.budget.stripTrailingZeros().toPlainString());
        }
    }

    private record Period(String name, LocalDate start, BigDecimal budget) {
    }

    private static List<Period> periods(ClientKey key, LocalDate day) {
        List<Period> out = new ArrayList<>(2);
        if (key.dailyBudgetUsd() != null) {
            out.add(new Period("day", day, key.dailyBudgetUsd()));
        }
        if (key.monthlyBudgetUsd() != null) {
            out.add(new Period("month", day.withDayOfMonth(1), key.monthlyBudgetUsd()));
        }
        return out;
    }

    private static void ensureRow(Connection c, ClientKey key, Period period) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("insert into budget_spend (key_id, period, period_start)"
                + " values (?, ?, ?) on conflict do nothing")) {
            s.setObject(1, key.id());
            s.setString(2, period.name);
            s.setDate(3, Date.valueOf(period.start));
            s.executeUpdate();
        }
    }
}
