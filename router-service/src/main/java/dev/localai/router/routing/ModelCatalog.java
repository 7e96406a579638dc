package dev.localai.router.routing;

import dev.localai.openai.ModelList;
import dev.localai.router.backend.Backend;
import dev.localai.router.backend.BackendRegistry;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The model ids a client may ask for: {@code auto}, then every {@code backend/model} in backend order. */
@ApplicationScoped
public class ModelCatalog {

    private final BackendRegistry backends;
    private final long created = Instant.now().getEpochSecond();

    public ModelCatalog(BackendRegistry backends) {
        this.backends = backends;
    }

    public ModelList list() {
        List<ModelList.Model> models = new ArrayList<>();
        models.add(ModelList.Model.of(ModelResolver.AUTO, created, "router"));
        for (Backend backend : backends.all()) {
            for (String model : backend.models()) {
                models.add(ModelList.Model.of(backend.name() + "/" + model, created, backend.name()));
            }
        }
        return ModelList.of(models);
    }
}
