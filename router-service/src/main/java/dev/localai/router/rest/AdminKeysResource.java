package dev.localai.router.rest;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.localai.openai.ApiError;
import dev.localai.openai.ApiException;
import dev.localai.router.keys.ClientKeys;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import org.eclipse.microprofile.openapi.annotations.Operation;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Client keys, for the administrator ({@code Authorization: Bearer <admin key>}): create (the key is in
 * the answer, once), list, read and revoke. Keys are stored as SHA-256 hashes only.
 */
@Path("/admin/keys")
@Produces(MediaType.APPLICATION_JSON)
public class AdminKeysResource {

    private final ClientKeys keys;
    private final dev.localai.router.routing.RoutingTableHolder routing;

    public AdminKeysResource(ClientKeys keys, dev.localai.router.routing.RoutingTableHolder routing) {
        this.keys = keys;
        this.routing = routing;
    }

    /** The answer to a creation: everything about the key, and the key itself. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Created(String key, ClientKeys.KeyInfo info, String note) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(NewKeyBody body)
            throws SQLException {
        if (body == null) {
            throw ApiException.badRequest("The body must be a JSON object with at least a 'name'.", null,
                    "invalid_body");
        }
        var table = routing.table();
        java.util.Set<String> tags = new java.util.TreeSet<>(dev.localai.router.Tags.ALL);
        tags.addAll(table.taskTypes().keySet());
        Map.Entry<ClientKeys.KeyInfo, String> created = keys.create(body.toNewKey(), table.backends().keySet(), tags);
        return Response.status(201).entity(new Created(created.getValue(), created.getKey(),
                "Store this key now: the router keeps only its hash and cannot show it again.")).build();
    }

    @GET
    @Operation(operationId = "listClientKeys", summary = "Lists client keys (never their secrets)")
    public Map<String, Object> list() throws SQLException {
        List<ClientKeys.KeyInfo> all = keys.list();
        return Map.of("object", "list", "data", all);
    }

    @GET
    @Path("/{id}")
    public ClientKeys.KeyInfo get(@PathParam("id") String id) throws SQLException {
        return keys.get(uuid(id)).orElseThrow(() -> notFound(id));
    }

    @DELETE
    @Path("/{id}")
    public ClientKeys.KeyInfo revoke(@PathParam("id") String id) throws SQLException {
        UUID uuid = uuid(id);
        keys.revoke(uuid);
        return keys.get(uuid).orElseThrow(() -> notFound(id));
    }

    /** The request body of a creation, snake_case as the rest of the API. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record NewKeyBody(String name, java.math.BigDecimal dailyBudgetUsd, java.math.BigDecimal monthlyBudgetUsd,
                             Integer requestsPerMinute, List<String> allowedBackends, List<String> forcedTags,
                             String overBudget) {
        ClientKeys.NewKey toNewKey() {
            return new ClientKeys.NewKey(name, dailyBudgetUsd, monthlyBudgetUsd, requestsPerMinute, allowedBackends,
                    forcedTags, overBudget);
        }
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw notFound(id);
        }
    }

    private static ApiException notFound(String id) {
        return new ApiException(404, ApiError.of("No key with id '" + id + "'.", ApiError.INVALID_REQUEST, "id",
                "not_found"));
    }
}
