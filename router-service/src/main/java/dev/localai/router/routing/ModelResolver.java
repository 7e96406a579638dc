package dev.localai.router.routing;

import dev.localai.router.RouterException;
import dev.localai.router.backend.Backend;
import dev.localai.router.backend.BackendRegistry;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

/**
 * Turns the {@code model} a client asked for into a {@link Route}:
 * <ul>
 *   <li>absent, empty or {@code auto}: the default backend's first model;</li>
 *   <li>{@code backend/model}: exactly that backend and model (the model must be one it serves);</li>
 *   <li>a bare model id: the default backend if it serves it, else the first backend (by name) that does.</li>
 * </ul>
 * Anything else is a 404 {@code model_not_found}. Model ids that contain a slash themselves
 * (OpenRouter's {@code meta-llama/llama-3.1-8b}) are tried as bare ids when no backend has that prefix.
 */
@ApplicationScoped
public class ModelResolver {

    public static final String AUTO = "auto";

    private final BackendRegistry backends;

    public ModelResolver(BackendRegistry backends) {
        this.backends = backends;
    }

    public Route resolve(String requested) {
        if (requested == null || requested.isBlank() || AUTO.equals(requested)) {
            Backend fallback = backends.defaultBackend();
            return new Route(fallback, fallback.models().get(0), "auto: default backend");
        }
        int slash = requested.indexOf('/');
        if (slash > 0) {
            Optional<Backend> named = backends.byName(requested.substring(0, slash));
            String model = requested.substring(slash + 1);
            if (named.isPresent() && named.get().models().contains(model)) {
                return new Route(named.get(), model, "requested model " + requested);
            }
        }
        Backend fallback = backends.defaultBackend();
        if (fallback.models().contains(requested)) {
            return new Route(fallback, requested, "requested model " + requested);
        }
        return backends.all().stream()
                .filter(b -> b.models().contains(requested))
                .findFirst()
                .map(b -> new Route(b, requested, "requested model " + requested))
                .orElseThrow(() -> RouterException.modelNotFound(requested));
    }
}
