package dev.localai.gamingpc.rest;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.localai.inference.lifecycle.ModelManager;
import dev.localai.openai.ModelList;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.Map;

/** {@code GET /v1/models}: every configured model, loaded or not, with its state as an extra field. */
@Path("/v1/models")
@Produces(MediaType.APPLICATION_JSON)
public class ModelsResource {

    private static final long STARTED = System.currentTimeMillis() / 1000;

    private final ModelManager models;

    public ModelsResource(ModelManager models) {
        this.models = models;
    }

    @GET
    public ModelList list() {
        return ModelList.of(models.status().stream()
                .map(s -> new ModelList.Model(s.name(), "model", STARTED, "gaming-pc",
                        Map.of("state", JsonNodeFactory.instance.textNode(s.state().wireName()))))
                .toList());
    }
}
