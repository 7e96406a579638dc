package dev.localai.inference3070.health;

import dev.localai.inference.ModelState;
import dev.localai.inference.ModelStatus;
import dev.localai.inference.lifecycle.ModelManager;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when at least one model can serve: it is loaded, or not loaded yet and loads on demand. A model
 * in {@code error} cannot; when every model is, the service is not ready. The data lists each model's
 * state (and the reason of an error), e.g. {@code "demo-tiny": "ready"}.
 */
@Readiness
@ApplicationScoped
public class ModelsReadiness implements HealthCheck {

    private final ModelManager models;

    public ModelsReadiness(ModelManager models) {
        this.models = models;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("models");
        boolean any = false;
        for (ModelStatus s : models.status()) {
            boolean serves = s.state() != ModelState.ERROR;
            any |= serves;
            response.withData(s.name(), serves ? s.state().wireName() : "error: " + s.reason());
        }
        return response.status(any).build();
    }
}
