package dev.localai.inference.serving.rest;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.localai.inference.lifecycle.ModelManager;
import dev.localai.inference.serving.config.InferenceConfig;
import dev.localai.openai.ModelList;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.Map;

/**
 * {@code GET /v1/models}: every configured model, loaded or not, with its state as an extra field and
 * {@code inference.owned-by} as its owner.
 */
@Path("/v1/models")
@Produces(MediaType.APPLICATION_JSON)
public class ModelsResource {

    private static final long STARTED = System.currentTimeMillis() / 1000;

    private final ModelManager models;
    private final String ownedBy;

    public ModelsResource(ModelManager models, InferenceConfig config) {
        this.models = models;
        this.ownedBy = config.ownedBy();
    }

    @GET
    public ModelList list() {
        return ModelList.of(models.status().stream()
                .map(s -> new ModelList.Model(s.name(), "model", STARTED, ownedBy,
                        Map.of("state", JsonNodeFactory.instance.textNode(s.state().wireName()))))
                .toList());
    }
}
