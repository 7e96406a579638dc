package dev.localai.router.backend;

import dev.localai.router.availability.CircuitBreakers;
import dev.localai.router.Backend;
import dev.localai.router.routing.policy.RoutingTable;
import dev.localai.router.routing.policy.RoutingTableLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How provider backends are read from the routing file and addressed. */
class ProviderConfigTest {

    static RoutingTable load(String backends) {
        return RoutingTableLoader.load("backends:\n" + backends + "rules:\n  - {name: all, route: [b/m]}\n", n -> null);
    }

    @Test
    void addsV1OnlyWhenTheBaseUrlHasNoPathOfItsOwn() {
        assertEquals(URI.create("http://gpu:8001/v1/chat/completions"),
                load("  b: {url: \"http://gpu:8001\", models: [m]}\n").backends().get("b").chatCompletionsUrl());
        assertEquals(URI.create("https://openrouter.ai/api/v1/chat/completions"),
                load("  b: {url: \"https://openrouter.ai/api/v1/\", models: [m]}\n").backends().get("b").chatCompletionsUrl());
        assertEquals(URI.create("https://generativelanguage.googleapis.com/v1beta/openai/chat/completions"),
                load("  b: {url: \"https://generativelanguage.googleapis.com/v1beta/openai\", models: [m]}\n")
                        .backends().get("b").chatCompletionsUrl());
        Backend claude = load("  b: {type: anthropic, url: \"https://api.anthropic.com\", models: [m]}\n").backends().get("b");
        assertEquals(URI.create("https://api.anthropic.com/v1/messages"), claude.chatCompletionsUrl());
        assertEquals(URI.create("https://api.anthropic.com/v1/models"), claude.modelsUrl());
    }

    @Test
    void readsTheKeyFromASecretFileAndSaysWhereItCameFrom(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("openrouter");
        Files.writeString(secret, "sk-or-from-a-file\n");
        Backend b = load("  b: {url: \"https://x.example\", models: [m], api-key-file: \"" + secret + "\","
                + " headers: {X-Title: Home}}\n").backends().get("b");
        assertEquals("sk-or-from-a-file", b.apiKey().orElseThrow());
        assertEquals("secret file", b.keySource());
        assertEquals(Map.of("X-Title", "Home"), b.headers());
        assertFalse(b.toString().contains("sk-or"), "the key stays out of logs: " + b);

        RoutingTableLoader.InvalidRoutingConfig missing = assertThrows(RoutingTableLoader.InvalidRoutingConfig.class,
                () -> load("  b: {url: \"https://x.example\", models: [m], api-key-file: \"" + dir.resolve("nope")
                        + "\", type: grpc}\n"));
        assertTrue(missing.getMessage().contains("backends.b.api-key-file: cannot be read"), missing.getMessage());
        assertTrue(missing.getMessage().contains("backends.b.type: 'openai' or 'anthropic'"), missing.getMessage());
    }

    @Test
    void aProviderAtItsRequestsPerMinuteIsPassedOver() {
        Backend b = load("  b: {url: \"https://x.example\", models: [m], requests-per-minute: 2}\n").backends().get("b");
        CircuitBreakers guards = new CircuitBreakers(new io.micrometer.core.instrument.simple.SimpleMeterRegistry(), 3,
                java.time.Duration.ofSeconds(30));
        guards.release(java.util.Objects.requireNonNull(guards.tryAcquire(b)), CircuitBreakers.Outcome.SUCCESS);
        guards.release(java.util.Objects.requireNonNull(guards.tryAcquire(b)), CircuitBreakers.Outcome.SUCCESS);
        assertNull(guards.tryAcquire(b), "a third request in the same minute goes elsewhere");
    }
}
