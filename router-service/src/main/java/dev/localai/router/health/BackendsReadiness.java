package dev.localai.router.health;

import dev.localai.router.availability.CircuitBreakers;
import dev.localai.router.availability.BackendHealth;
import dev.localai.router.availability.GamingPcStatus;
import dev.localai.router.routing.RoutingTableHolder;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import java.util.Map;
import java.util.Set;

/**
 * Backend states in {@code /q/health/ready}: probe result, circuit breaker and requests in flight
 * for each backend, and the gaming PC's reading. Always UP: the router can answer (with a 503 that
 * says why) even when every backend is down, and a load balancer must not take it out for that.
 */
@Readiness
@ApplicationScoped
public class BackendsReadiness implements HealthCheck {

    private final RoutingTableHolder routing;
    private final BackendHealth health;
    private final CircuitBreakers breakers;
    private final GamingPcStatus gamingPc;

    public BackendsReadiness(RoutingTableHolder routing, BackendHealth health, CircuitBreakers breakers,
                             GamingPcStatus gamingPc) {
        this.routing = routing;
        this.health = health;
        this.breakers = breakers;
        this.gamingPc = gamingPc;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("backends").up();
        Set<String> down = health.down();
        Map<String, String> circuits = breakers.describe();
        routing.table().backends().keySet().forEach(name -> response.withData(name,
                (down.contains(name) ? "down" : "up") + "; circuit " + circuits.getOrDefault(name,
                        "closed, 0 consecutive failure(s), 0 in flight")));
        gamingPc.backend().ifPresent(name -> response.withData("gaming-mode",
                gamingPc.current().reachable() ? String.valueOf(gamingPc.current().gamingMode()) : "unknown (unreachable)"));
        return response.build();
    }
}
