package dev.localai.inference3070.rest;

import dev.localai.openai.ApiException;
import dev.localai.inference.lifecycle.ManagedModel;
import dev.localai.inference.lifecycle.ModelManager;
import dev.localai.inference3070.models.ModelStatusView;
import dev.localai.openai.ApiError;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.Map;

/**
 * {@code GET /models/status}, {@code POST /models/{name}/load} (waits for the load; 503 with the reason
 * when it fails) and {@code POST /models/{name}/unload} (409 while requests are in flight).
 */
@Path("/models")
@Produces(MediaType.APPLICATION_JSON)
public class ModelAdminResource {

    private final ModelManager models;

    public ModelAdminResource(ModelManager models) {
        this.models = models;
    }

    @GET
    @Path("/status")
    public ModelStatusView.All status() {
        return ModelStatusView.of(models);
    }

    @POST
    @Path("/{name}/load")
    public ModelStatusView load(@PathParam("name") String name) {
        ManagedModel model = models.model(name);
        model.load();
        return ModelStatusView.of(model.status());
    }

    @POST
    @Path("/{name}/unload")
    public ModelStatusView unload(@PathParam("name") String name) {
        ManagedModel model = models.model(name);
        if (!model.unload()) {
            throw new ApiException(409, ApiError.of("The model '" + name + "' has " + model.status().inFlight()
                    + " requests in flight; it unloads when they are done and the idle TTL passes",
                    ApiError.INVALID_REQUEST, "name", "model_busy"), Map.of());
        }
        return ModelStatusView.of(model.status());
    }
}
