package dev.localai.router.console;

import dev.localai.openai.http.QueryParameters;
import com.fasterxml.jackson.databind.JsonNode;
import dev.localai.openai.ApiError;
import dev.localai.openai.ApiException;
import dev.localai.router.Backend;
import dev.localai.router.accounting.AccountingQueries;
import dev.localai.router.accounting.LogFilter;
import dev.localai.router.routing.RoutingTableHolder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The console's admin API ({@code /api/console}, the admin key or an admin login as all of {@code /api}):
 * the overview, the gaming PC's gaming mode and stop-all and the 3070 service's model load and unload
 * through those services' own APIs, and costs over time for the plots.
 */
@Path("/api/console")
@Produces(MediaType.APPLICATION_JSON)
public class ControlsResource {

    private final Overview overview;
    private final GpuPeers peers;
    private final RoutingTableHolder routing;
    private final AccountingQueries queries;

    public ControlsResource(Overview overview, GpuPeers peers, RoutingTableHolder routing, AccountingQueries queries) {
        this.overview = overview;
        this.peers = peers;
        this.routing = routing;
        this.queries = queries;
    }

    public record GamingMode(Boolean enabled) {
    }

    @GET
    @Path("/overview")
    public Overview.Snapshot overview() throws SQLException {
        return overview.now();
    }

    @POST
    @Path("/gaming-mode")
    @Consumes(MediaType.APPLICATION_JSON)
    public JsonNode gamingMode(GamingMode body) {
        if (body == null || body.enabled() == null) {
            throw ApiException.badRequest("Send {\"enabled\": true} or {\"enabled\": false}.", "enabled",
                    "invalid_value");
        }
        return peers.post(gamingPc(), "/gaming-mode", "{\"enabled\":" + body.enabled() + "}");
    }

    @POST
    @Path("/stop-all")
    public JsonNode stopAll() {
        return peers.post(gamingPc(), "/stop-all", null);
    }

    @POST
    @Path("/backends/{backend}/models/{model}/{action: load|unload}")
    public JsonNode model(@PathParam("backend") String backend, @PathParam("model") String model,
                          @PathParam("action") String action) {
        Backend b = routing.table().backends().get(backend);
        if (b == null || b.leavesHouse()) {
            throw new ApiException(404, ApiError.of("No home backend '" + backend + "'.", ApiError.INVALID_REQUEST,
                    "backend", "not_found"));
        }
        if (b.gamingPc()) {
            throw ApiException.badRequest("The gaming PC loads its models on demand; use stop-all to unload them.",
                    "backend", "invalid_value");
        }
        if (!model.matches("[A-Za-z0-9._:@/-]{1,200}")) {
            throw ApiException.badRequest("Not a model name: '" + model + "'.", "model", "invalid_value");
        }
        return peers.post(b, "/models/" + java.net.URLEncoder.encode(model, java.nio.charset.StandardCharsets.UTF_8)
                + "/" + action, null);
    }

    /**
     * Cost and savings over the last {@code days} (default 7): per hour for one day (the last 24 hours), else per
     * UTC day from the start of the first; per backend, model and key.
     */
    @GET
    @Path("/costs/series")
    public Map<String, Object> series(@QueryParam("days") String daysText) throws SQLException {
        int days = daysText == null || daysText.isBlank() ? 7 : QueryParameters.integer("days", daysText);
        if (days < 1 || days > 366) {
            throw ApiException.badRequest("'days' is between 1 and 366.", "days", "invalid_value");
        }
        Instant now = Instant.now();
        String unit = days == 1 ? "hour" : "day";
        Instant from = days == 1 ? now.minus(java.time.Duration.ofHours(24)).truncatedTo(java.time.temporal.ChronoUnit.HOURS)
                : now.truncatedTo(java.time.temporal.ChronoUnit.DAYS).minus(java.time.Duration.ofDays(days - 1));
        List<AccountingQueries.Bucket> buckets = queries.series(new LogFilter(from, null, null, null, null), unit);
        return Map.of("object", "list", "days", days, "unit", unit, "from", from, "to", now, "data", buckets);
    }

    private Backend gamingPc() {
        return routing.table().backends().values().stream().filter(Backend::gamingPc).findFirst()
                .orElseThrow(() -> new ApiException(404, ApiError.of("The routing file has no gaming PC backend.",
                        ApiError.INVALID_REQUEST, null, "not_found")));
    }
}
