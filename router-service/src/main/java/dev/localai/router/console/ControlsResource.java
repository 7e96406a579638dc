package dev.localai.router.console;

import com.fasterxml.jackson.databind.JsonNode;
import dev.localai.openai.ApiError;
import dev.localai.openai.ApiException;
import dev.localai.router.Backend;
import dev.localai.router.accounting.AccountingQueries;
import dev.localai.router.accounting.LogFilter;
import dev.localai.router.accounting.Period;
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

    /** Cost and savings per hour ({@code period=day}) or per day ({@code week}, {@code month}), per backend, model and key. */
    @GET
    @Path("/costs/series")
    public Map<String, Object> series(@QueryParam("period") String period) throws SQLException {
        Period p = Period.of(period);
        Instant now = Instant.now();
        String unit = p == Period.DAY ? "hour" : "day";
        List<AccountingQueries.Bucket> buckets = queries.series(new LogFilter(p.start(now), null, null, null, null), unit);
        return Map.of("object", "list", "period", p.label(), "unit", unit, "from", p.start(now), "to", now,
                "data", buckets);
    }

    private Backend gamingPc() {
        return routing.table().backends().values().stream().filter(Backend::gamingPc).findFirst()
                .orElseThrow(() -> new ApiException(404, ApiError.of("The routing file has no gaming PC backend.",
                        ApiError.INVALID_REQUEST, null, "not_found")));
    }
}
