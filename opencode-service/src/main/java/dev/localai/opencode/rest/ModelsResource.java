package dev.localai.opencode.rest;

import dev.localai.opencode.BridgeError;
import dev.localai.opencode.ServedModel;
import dev.localai.opencode.config.ServedModels;
import dev.localai.openai.ModelList;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.time.Instant;

/** {@code GET /v1/models} and {@code GET /v1/models/{id}}: the models the bridge serves, owned by {@code opencode}. */
@Path("/v1/models")
@Produces(MediaType.APPLICATION_JSON)
public class ModelsResource {

    private final ServedModels models;
    private final long created = Instant.now().getEpochSecond();

    public ModelsResource(ServedModels models) {
        this.models = models;
    }

    @GET
    public ModelList list() {
        return ModelList.of(models.all().stream().map(this::model).toList());
    }

    @GET
    @Path("/{id}")
    public ModelList.Model one(@PathParam("id") String id) {
        return models.find(id).map(this::model).orElseThrow(() -> BridgeError.unknownModel(id, models.names()));
    }

    private ModelList.Model model(ServedModel model) {
        return ModelList.Model.of(model.name(), created, "opencode");
    }
}
