package dev.localai.router.rest;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.localai.router.Backend;
import dev.localai.router.routing.RoutingTableHolder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.List;
import java.util.Map;

/** {@code GET /api/providers}: every backend, and whether its key is configured (never the key). */
@Path("/api/providers")
@Produces(MediaType.APPLICATION_JSON)
public class ProvidersResource {

    private final RoutingTableHolder routing;

    public ProvidersResource(RoutingTableHolder routing) {
        this.routing = routing;
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Provider(String name, String type, String location, String host, List<String> models,
                           boolean keyConfigured, String keySource, int requestsPerMinute) {
    }

    @GET
    @Operation(operationId = "listProviders", summary = "Backends and whether their keys are configured")
    public Map<String, Object> list() {
        List<Provider> providers = routing.table().backends().values().stream().map(ProvidersResource::of).toList();
        return Map.of("object", "list", "data", providers);
    }

    private static Provider of(Backend b) {
        return new Provider(b.name(), b.type(), b.leavesHouse() ? "cloud" : "home", b.baseUrl().getHost(), b.models(),
                b.apiKey().isPresent(), b.keySource(), b.limits().requestsPerMinute());
    }
}
