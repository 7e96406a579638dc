package dev.localai.router.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.localai.router.Backend;
import dev.localai.router.accounting.AccountingQueries;
import dev.localai.router.accounting.LogFilter;
import dev.localai.router.accounting.LogRow;
import dev.localai.router.accounting.Period;
import dev.localai.router.availability.BackendHealth;
import dev.localai.router.availability.CircuitBreakers;
import dev.localai.router.availability.GamingPcStatus;
import dev.localai.router.routing.RoutingTableHolder;
import jakarta.inject.Singleton;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The household at a glance, as the Overview page shows it: traffic of the last minute (from the request
 * log), money today and this month, every backend's state (health probes, circuit breakers, in flight
 * against its bound) and each home GPU service's models and gaming mode (from the services' own status
 * APIs). Built on a worker thread; {@link LiveEvents} sends one every two seconds.
 */
@Singleton
public class Overview {

    static final Duration WINDOW = Duration.ofSeconds(60);

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Snapshot(Instant time, Traffic traffic, AccountingQueries.Totals today,
                           AccountingQueries.Totals month, List<BackendView> backends) {
    }

    /** The last minute: requests per second, latency and time to first token (median and 95th), errors, fallbacks. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Traffic(long windowSeconds, long requests, double requestsPerSecond, Double latencyP50Ms,
                          Double latencyP95Ms, Double ttftP50Ms, long errors, long fallbacks) {
    }

    /**
     * One backend. {@code state}: {@code up}, {@code down} (its health probe fails), {@code circuit_open},
     * {@code half_open}, {@code unreachable} (the gaming PC does not answer its status). {@code service} is
     * its GPU service's own status (gaming PC: {@code GET /status}; 3070: {@code GET /models/status}), null
     * when it has none.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record BackendView(String name, String location, String type, boolean gamingPc, String state,
                              int inFlight, int maxInFlight, List<String> models, JsonNode service) {
    }

    private final AccountingQueries queries;
    private final RoutingTableHolder routing;
    private final BackendHealth health;
    private final CircuitBreakers breakers;
    private final GamingPcStatus gamingPc;
    private final GpuPeers peers;

    public Overview(AccountingQueries queries, RoutingTableHolder routing, BackendHealth health,
                    CircuitBreakers breakers, GamingPcStatus gamingPc, GpuPeers peers) {
        this.queries = queries;
        this.routing = routing;
        this.health = health;
        this.breakers = breakers;
        this.gamingPc = gamingPc;
        this.peers = peers;
    }

    public Snapshot now() throws SQLException {
        Instant now = Instant.now();
        return new Snapshot(now, traffic(now), queries.total(since(Period.DAY.start(now))),
                queries.total(since(Period.MONTH.start(now))), backends());
    }

    List<BackendView> backends() {
        Set<String> down = health.down();
        GamingPcStatus.Reading pc = gamingPc.current();
        List<BackendView> out = new ArrayList<>();
        for (Backend b : routing.table().backends().values()) {
            String state = switch (breakers.state(b.name())) {
                case OPEN -> "circuit_open";
                case HALF_OPEN -> "half_open";
                case CLOSED -> "up";
            };
            if (down.contains(b.name())) {
                state = "down";
            } else if (b.gamingPc() && !pc.reachable() && state.equals("up")) {
                state = "unreachable";
            }
            JsonNode service = null;
            if (!b.leavesHouse() && !"down".equals(state) && !"unreachable".equals(state)) {
                service = peers.read(b, b.gamingPc() ? "/status" : "/models/status").orElse(null);
            }
            out.add(new BackendView(b.name(), b.leavesHouse() ? "cloud" : "home", b.type(), b.gamingPc(), state,
                    breakers.inFlight(b.name()), b.limits().maxInFlight(), b.models(), service));
        }
        return out;
    }

    private Traffic traffic(Instant now) throws SQLException {
        List<LogRow> rows = queries.page(since(now.minus(WINDOW)), 0, 500).data();
        long errors = rows.stream().filter(r -> r.status() >= 400 || r.error() != null).count();
        long fallbacks = rows.stream().filter(r -> r.routeReason() != null && r.routeReason().contains("fallback"))
                .count();
        double[] latency = rows.stream().mapToDouble(LogRow::latencyMs).sorted().toArray();
        double[] ttft = rows.stream().filter(r -> r.ttftMs() != null).mapToDouble(LogRow::ttftMs).sorted().toArray();
        return new Traffic(WINDOW.toSeconds(), rows.size(), Math.round(rows.size() * 100.0 / WINDOW.toSeconds()) / 100.0,
                percentile(latency, 0.5), percentile(latency, 0.95), percentile(ttft, 0.5), errors, fallbacks);
    }

    private static Double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return null;
        }
        return Math.round(sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] * 10) / 10.0;
    }

    private static LogFilter since(Instant from) {
        return new LogFilter(from, null, null, null, null);
    }
}
