package dev.localai.inference3070.models;

import dev.localai.inference.engine.Engines;
import dev.localai.inference.lifecycle.ModelManager;
import dev.localai.inference.serving.config.InferenceConfig;
import dev.localai.inference.serving.config.ModelSpecs;
import dev.localai.inference3070.metrics.InferenceMetrics;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Duration;

/**
 * The one {@link ModelManager} of this service, built from configuration at start (which also writes
 * the demo model if one is needed and starts preloading), closed at shutdown (which stops supervised
 * servers).
 */
@ApplicationScoped
public class ModelsProducer {

    @Produces
    @Singleton
    @Startup
    ModelManager models(InferenceConfig config, InferenceMetrics metrics) {
        ModelManager.Settings settings = new ModelManager.Settings(config.memoryBudgetMb(), config.reapInterval(),
                Duration.ofSeconds(15), config.maxQueueWait());
        return new ModelManager(ModelSpecs.from(config), Engines.standard(), settings, metrics).start();
    }

    void close(@Disposes ModelManager models) {
        models.close();
    }
}
