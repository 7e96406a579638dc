package dev.localai.router.routing;

import dev.localai.openai.ModelList;
import dev.localai.router.Backend;
import dev.localai.router.routing.policy.RoutingTable;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The model ids a client may ask for: {@code auto}, every alias (owned by the router), then every
 * {@code backend/model} (owned by its backend).
 */
@Singleton
public class ModelCatalog {

    private final RoutingTableHolder routing;
    private final long created = Instant.now().getEpochSecond();

    public ModelCatalog(RoutingTableHolder routing) {
        this.routing = routing;
    }

    public ModelList list() {
        RoutingTable table = routing.table();
        List<ModelList.Model> models = new ArrayList<>();
        models.add(ModelList.Model.of("auto", created, "router"));
        table.aliases().keySet().forEach(alias -> models.add(ModelList.Model.of(alias, created, "router")));
        for (Backend backend : table.backends().values()) {
            for (String model : backend.models()) {
                models.add(ModelList.Model.of(backend.name() + "/" + model, created, backend.name()));
            }
        }
        return ModelList.of(models);
    }
}
