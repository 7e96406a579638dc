package dev.localai.inference.serving.models;

import dev.localai.inference.engine.Engines;
import dev.localai.inference.lifecycle.InferenceListener;
import dev.localai.inference.lifecycle.ModelManager;
import dev.localai.inference.serving.config.InferenceConfig;
import dev.localai.inference.serving.config.ModelSpecs;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Duration;

/**
 * The one {@link ModelManager} of a service, built from configuration at start (which also writes the
 * demo model if one is needed and starts preloading), closed at shutdown (which stops supervised
 * servers). It reports to the {@link InferenceListener} bean (the inference metrics), if there is one; two
 * would be an ambiguity that fails at start rather than a listener silently dropped.
 */
@ApplicationScoped
public class ModelsProducer {

    @Produces
    @Singleton
    @Startup
    ModelManager models(InferenceConfig config, Instance<InferenceListener> listener) {
        ModelManager.Settings settings = new ModelManager.Settings(config.memoryBudgetMb(), config.reapInterval(),
                Duration.ofSeconds(15), config.maxQueueWait());
        return new ModelManager(ModelSpecs.from(config), Engines.standard(), settings,
                listener.isUnsatisfied() ? InferenceListener.NONE : listener.get()).start();
    }

    void close(@Disposes ModelManager models) {
        models.close();
    }
}
