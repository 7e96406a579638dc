package dev.localai.router.availability;

import dev.localai.router.routing.RoutingTableHolder;
import dev.localai.router.Backend;
import dev.localai.router.config.RouterConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Which backends in the house are down, known before a request pays for it: each home backend
 * (not the gaming PC, which {@link GamingPcStatus} reads, and not cloud backends, which have no free
 * probe) is asked for {@code GET /v1/models} every {@code router.health.interval}; a refused
 * connection, a timeout or a 5xx marks it down until a probe succeeds. A request that finds a
 * backend refusing connections marks it down at once.
 */
@Singleton
public class BackendHealth {

    private static final Logger LOG = Logger.getLogger(BackendHealth.class);

    private final RoutingTableHolder routing;
    private final HttpClient client;
    private final RouterConfig.Health config;
    private final Set<String> down = ConcurrentHashMap.newKeySet();
    private final Set<String> gauged = ConcurrentHashMap.newKeySet();
    private final MeterRegistry metrics;
    private final long timer;

    public BackendHealth(RoutingTableHolder routing, Vertx vertx, RouterConfig config, MeterRegistry metrics) {
        this.routing = routing;
        this.metrics = metrics;
        this.config = config.health();
        this.client = vertx.createHttpClient(new HttpClientOptions().setName("backend-health")
                .setConnectTimeout((int) this.config.timeout().toMillis()).setKeepAlive(true));
        this.timer = vertx.setPeriodic(0, Math.max(100, this.config.interval().toMillis()), t -> probeAll());
    }

    /** Backends currently known to be down. */
    public Set<String> down() {
        return Set.copyOf(down);
    }

    /** A request could not connect: treat the backend as down until a probe says otherwise. */
    public void markDown(String backend) {
        if (down.add(backend)) {
            LOG.warnf("backend %s marked down: it refused a request", backend);
        }
    }

    /** A request was served: whatever a probe said, the backend is up. */
    public void markUp(String backend) {
        if (down.remove(backend)) {
            LOG.infof("backend %s is up again: it served a request", backend);
        }
    }

    void probeAll() {
        Map<String, Backend> backends = routing.table().backends();
        down.retainAll(backends.keySet());
        for (Backend backend : backends.values()) {
            gauge(backend.name());
            if (!backend.leavesHouse() && !backend.gamingPc()) {
                probe(backend);
            }
        }
    }

    /**
     * {@code router_backend_up} (0 while known down; a cloud backend, never probed, counts as up) and
     * {@code router_backend_max_in_flight} (its {@code max-in-flight}, NaN when unbounded), per backend of
     * the routing table in force.
     */
    private void gauge(String name) {
        if (gauged.add(name)) {
            Gauge.builder("router_backend_up", this, h -> h.down.contains(name) ? 0 : 1).tag("backend", name)
                    .description("0 while the backend is known to be down (failed probe or refused connection)")
                    .register(metrics);
            Gauge.builder("router_backend_max_in_flight", this, h -> {
                Backend b = h.routing.table().backends().get(name);
                return b == null || b.limits().maxInFlight() <= 0 ? Double.NaN : b.limits().maxInFlight();
            }).tag("backend", name).description("The backend's max-in-flight bound (NaN: none)").register(metrics);
        }
    }

    private void probe(Backend backend) {
        String url = backend.modelsUrl().toString();
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url)
                .setIdleTimeout(config.timeout().toMillis());
        backend.apiKey().ifPresent(key -> options.putHeader("Authorization", "Bearer " + key));
        client.request(options)
                .compose(request -> request.send())
                .compose(response -> response.body().map(b -> response.statusCode() < 500))
                .onComplete(result -> {
                    boolean up = result.succeeded() && result.result();
                    if (up && down.remove(backend.name())) {
                        LOG.infof("backend %s is up again", backend.name());
                    } else if (!up && down.add(backend.name())) {
                        LOG.warnf("backend %s is down: %s", backend.name(), result.failed()
                                ? result.cause().getMessage() : "server error on GET /v1/models");
                    }
                });
    }

    @Override
    public String toString() {
        return down.stream().sorted().collect(Collectors.joining(", ", "down: [", "]"));
    }

    @PreDestroy
    void stop() {
        client.close();
    }
}
