package dev.localai.router.routing;

import dev.localai.router.RouterException;
import dev.localai.router.backend.Backend;
import dev.localai.router.backend.BackendRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelResolverTest {

    static Backend backend(String name, String... models) {
        return new Backend(name, URI.create("http://127.0.0.1:1"), List.of(models), Optional.empty(),
                Duration.ofSeconds(1), Duration.ofSeconds(1));
    }

    private final ModelResolver resolver = new ModelResolver(new BackendRegistry(List.of(
            backend("gpu-3070", "qwen2.5-7b", "llama3.1-8b"),
            backend("openrouter", "meta-llama/llama-3.1-70b", "qwen2.5-7b"),
            backend("gaming-pc", "qwen2.5-32b")), Optional.of("gpu-3070")));

    @ParameterizedTest(name = "{0} -> {1}/{2}")
    @CsvSource(nullValues = "NULL", value = {
            "NULL, gpu-3070, qwen2.5-7b",
            "'', gpu-3070, qwen2.5-7b",
            "auto, gpu-3070, qwen2.5-7b",
            "gaming-pc/qwen2.5-32b, gaming-pc, qwen2.5-32b",
            "openrouter/qwen2.5-7b, openrouter, qwen2.5-7b",
            "qwen2.5-7b, gpu-3070, qwen2.5-7b",
            "qwen2.5-32b, gaming-pc, qwen2.5-32b",
            "meta-llama/llama-3.1-70b, openrouter, meta-llama/llama-3.1-70b",
            "openrouter/meta-llama/llama-3.1-70b, openrouter, meta-llama/llama-3.1-70b"})
    void resolvesWhatAClientAsksFor(String requested, String backend, String model) {
        Route route = resolver.resolve(requested);
        assertEquals(backend, route.backend().name());
        assertEquals(model, route.upstreamModel());
    }

    @ParameterizedTest
    @CsvSource({"gpt-9", "gaming-pc/qwen2.5-7b", "nobody/qwen2.5-7b"})
    void refusesModelsNoBackendServesWith404(String requested) {
        RouterException e = assertThrows(RouterException.class, () -> resolver.resolve(requested));
        assertEquals(404, e.status());
        assertEquals("model_not_found", e.error().error().code());
    }

    @Test
    void badConfigurationNamesEveryKeyPath() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new BackendRegistry(List.of(
                new Backend("a", URI.create("ftp://x"), List.of("m"), Optional.empty(), Duration.ZERO, Duration.ZERO),
                backend("b")), Optional.of("c")));
        assertTrue(e.getMessage().contains("router.backends.a.url: not an http(s) URL"), e.getMessage());
        assertTrue(e.getMessage().contains("router.backends.b.models: name at least one model"), e.getMessage());
        assertTrue(e.getMessage().contains("router.default-backend: no backend named 'c'"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> new BackendRegistry(
                List.of(backend("a", "m"), backend("b", "m")), Optional.empty()));
    }
}
