package dev.localai.router.availability;

import dev.localai.router.routing.RoutingTableHolder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.localai.router.Backend;
import dev.localai.router.config.RouterConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.util.Optional;

/**
 * What the gaming PC says of itself, read from its manager's {@code GET /status} every few seconds
 * and cached, so a routing decision never waits on the network. An unreachable PC (asleep, off,
 * rebooting) or one that does not answer a status counts as unavailable, never as an error for the
 * caller. Gaming mode is read from {@code gaming_mode} (a boolean, or an object with {@code enabled}).
 */
@Singleton
public class GamingPcStatus {

    private static final Logger LOG = Logger.getLogger(GamingPcStatus.class);

    /** One reading: whether the PC answered, and whether it is in gaming mode. */
    public record Reading(boolean reachable, boolean gamingMode) {
    }

    private final RoutingTableHolder routing;
    private final ObjectMapper json;
    private final HttpClient client;
    private final RouterConfig.GamingPc config;
    private final long timer;
    private volatile Reading reading = new Reading(false, false);
    private volatile String backendName;

    public GamingPcStatus(RoutingTableHolder routing, Vertx vertx, ObjectMapper json, RouterConfig config) {
        this.routing = routing;
        this.json = json;
        this.config = config.gamingPc();
        this.client = vertx.createHttpClient(new HttpClientOptions().setName("gaming-pc-status")
                .setConnectTimeout((int) this.config.timeout().toMillis()).setKeepAlive(true).setMaxPoolSize(1));
        this.timer = vertx.setPeriodic(0, Math.max(100, this.config.pollInterval().toMillis()), t -> poll());
    }

    /** The latest reading of the configured gaming PC backend; unreachable when none is configured. */
    public Reading current() {
        return reading;
    }

    /** The name of the backend that is the gaming PC, if the routing table has one. */
    public Optional<String> backend() {
        return Optional.ofNullable(backendName);
    }

    void poll() {
        Optional<Backend> pc = routing.table().backends().values().stream().filter(Backend::gamingPc).findFirst();
        backendName = pc.map(Backend::name).orElse(null);
        if (pc.isEmpty()) {
            reading = new Reading(false, false);
            return;
        }
        String url = pc.get().baseUrl().toString().replaceAll("/+$", "").replaceAll("/v1$", "") + "/status";
        client.request(new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url)
                        .setIdleTimeout(config.timeout().toMillis()))
                .compose(request -> request.send())
                .compose(response -> response.body().map(body -> response.statusCode() == 200 ? body : null))
                .onSuccess(body -> update(body == null ? new Reading(false, false) : parse(body.toString())))
                .onFailure(e -> update(new Reading(false, false)));
    }

    private Reading parse(String body) {
        try {
            JsonNode mode = json.readTree(body).path("gaming_mode");
            boolean on = mode.isBoolean() ? mode.asBoolean() : mode.path("enabled").asBoolean(false);
            return new Reading(true, on);
        } catch (Exception notJson) {
            return new Reading(false, false);
        }
    }

    private void update(Reading next) {
        Reading previous = reading;
        reading = next;
        if (!previous.equals(next)) {
            LOG.infof("gaming PC %s: %s", backendName, !next.reachable() ? "unreachable"
                    : next.gamingMode() ? "reachable, gaming mode on" : "reachable, gaming mode off");
        }
    }

    @PreDestroy
    void stop() {
        client.close();
    }
}
