package dev.localai.router.backend;

import dev.localai.router.config.RouterConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The configured backends, checked once at start: a bad setting stops the router with the key path named. */
@ApplicationScoped
public class BackendRegistry {

    private final Map<String, Backend> backends;
    private final Backend defaultBackend;

    @Inject
    public BackendRegistry(RouterConfig config) {
        this(fromConfig(config), config.defaultBackend());
    }

    /** Backends in name order; {@code defaultName} may be empty when there is exactly one backend. */
    public BackendRegistry(List<Backend> all, Optional<String> defaultName) {
        List<String> problems = new ArrayList<>();
        Map<String, Backend> byName = new LinkedHashMap<>();
        all.stream().sorted((a, b) -> a.name().compareTo(b.name())).forEach(b -> {
            String scheme = b.baseUrl().getScheme();
            if (!"http".equals(scheme) && !"https".equals(scheme) || b.baseUrl().getHost() == null) {
                problems.add("router.backends." + b.name() + ".url: not an http(s) URL: " + b.baseUrl());
            }
            if (b.models().isEmpty()) {
                problems.add("router.backends." + b.name() + ".models: name at least one model");
            }
            byName.put(b.name(), b);
        });
        if (byName.isEmpty()) {
            problems.add("router.backends: configure at least one backend");
        }
        Backend fallback = null;
        if (defaultName.isPresent()) {
            fallback = byName.get(defaultName.get());
            if (fallback == null) {
                problems.add("router.default-backend: no backend named '" + defaultName.get() + "'");
            }
        } else if (byName.size() == 1) {
            fallback = byName.values().iterator().next();
        } else if (byName.size() > 1) {
            problems.add("router.default-backend: required when more than one backend is configured");
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Invalid router configuration:\n  " + String.join("\n  ", problems));
        }
        this.backends = Collections.unmodifiableMap(byName);
        this.defaultBackend = fallback;
    }

    private static List<Backend> fromConfig(RouterConfig config) {
        return config.backends().entrySet().stream()
                .map(e -> new Backend(e.getKey(), e.getValue().url(), e.getValue().models(), e.getValue().apiKey(),
                        e.getValue().timeouts().connect(), e.getValue().timeouts().idle()))
                .toList();
    }

    public Optional<Backend> byName(String name) {
        return Optional.ofNullable(backends.get(name));
    }

    /** All backends, in name order. */
    public List<Backend> all() {
        return List.copyOf(backends.values());
    }

    public Backend defaultBackend() {
        return defaultBackend;
    }
}
