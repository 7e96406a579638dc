package dev.localai.inference3070.rest;

import dev.localai.openai.ApiException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.localai.inference.Cancellation;
import dev.localai.inference.UnsupportedCapabilityException;
import dev.localai.inference.lifecycle.Lease;
import dev.localai.inference.lifecycle.ManagedModel;
import dev.localai.inference.lifecycle.ModelManager;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /v1/embeddings} (https://platform.openai.com/docs/api-reference/embeddings/create) for
 * models configured with {@code embeddings=true}; any other model is a 400 that says so. {@code input}
 * is a string or an array of strings; each takes a slot like a generation does.
 */
@Path("/v1/embeddings")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class EmbeddingsResource {

    private final ModelManager models;

    public EmbeddingsResource(ModelManager models) {
        this.models = models;
    }

    @POST
    public ObjectNode embed(JsonNode body) {
        if (body == null || !body.path("model").isTextual()) {
            throw ApiException.badRequest("'model' is required", "model", null);
        }
        ManagedModel model = models.model(body.get("model").asText());
        if (!model.supportsEmbeddings()) {
            throw new UnsupportedCapabilityException(model.name(), "The model '" + model.name()
                    + "' does not serve embeddings (configure inference.models." + model.name() + ".embeddings=true)");
        }
        List<String> inputs = inputs(body.path("input"));
        ObjectNode out = JsonNodeFactory.instance.objectNode().put("object", "list");
        var data = out.putArray("data");
        int tokens = 0;
        try (Lease lease = model.acquire(Cancellation.none())) {
            for (int i = 0; i < inputs.size(); i++) {
                var item = data.addObject().put("object", "embedding").put("index", i);
                var vector = item.putArray("embedding");
                for (float v : lease.model().embed(inputs.get(i))) {
                    vector.add(v);
                }
                tokens += lease.model().countTokens(inputs.get(i));
            }
        }
        out.put("model", model.name());
        out.putObject("usage").put("prompt_tokens", tokens).put("total_tokens", tokens);
        return out;
    }

    private static List<String> inputs(JsonNode input) {
        List<String> out = new ArrayList<>();
        if (input.isTextual()) {
            out.add(input.asText());
        } else if (input.isArray() && !input.isEmpty()) {
            input.forEach(i -> {
                if (!i.isTextual()) {
                    throw ApiException.badRequest("'input' must be a string or an array of strings", "input", null);
                }
                out.add(i.asText());
            });
        } else {
            throw ApiException.badRequest("'input' must be a string or a non-empty array of strings", "input", null);
        }
        return out;
    }
}
