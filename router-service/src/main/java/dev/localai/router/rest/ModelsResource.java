package dev.localai.router.rest;

import dev.localai.openai.ModelList;
import dev.localai.router.routing.ModelCatalog;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** {@code GET /v1/models}: what a client may put in {@code model}. */
@Path("/v1/models")
@Produces(MediaType.APPLICATION_JSON)
public class ModelsResource {

    private final ModelCatalog catalog;

    ModelsResource(ModelCatalog catalog) {
        this.catalog = catalog;
    }

    @GET
    @Operation(operationId = "listModels", summary = "Lists the models this router serves",
            description = "'auto' (the router chooses) and every 'backend/model' id; owned_by names the backend.")
    public ModelList list() {
        return catalog.list();
    }
}
