package dev.localai.router.backend;

import dev.localai.testsupport.anthropic.AnthropicStub;
import dev.localai.testsupport.upstream.FakeUpstream;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A Claude backend ({@code type: anthropic}) served by the Anthropic stub, with a local fake behind it:
 * {@code auto} goes to Claude first, then local.
 */
public class AnthropicBackendResource implements QuarkusTestResourceLifecycleManager {

    static AnthropicStub CLAUDE;
    static FakeUpstream LOCAL;
    private Path routing;

    @Override
    public Map<String, String> start() {
        CLAUDE = AnthropicStub.start();
        LOCAL = FakeUpstream.start().models("local-model").answer("local answer");
        String yaml = "backends:\n"
                + "  claude: {type: anthropic, url: \"" + CLAUDE.baseUrl() + "\", location: cloud,"
                + " api-key: \"" + AnthropicStub.DEFAULT_API_KEY + "\", models: [claude-sonnet-4-5],"
                + " price: {input: 3, output: 15}}\n"
                + "  local: {url: \"" + LOCAL.baseUrl() + "\", models: [local-model]}\n"
                + "rules:\n"
                + "  - {name: explicit-model, when: {requested: [model, alias]}, route: [requested]}\n"
                + "  - {name: claude-first, route: [claude/claude-sonnet-4-5, local/local-model]}\n";
        try {
            routing = Files.createTempFile("routing-anthropic", ".yaml");
            Files.writeString(routing, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("router.routing-file", routing.toString(), "router.breaker.failures", "1000");
    }

    @Override
    public void stop() {
        CLAUDE.close();
        LOCAL.close();
        try {
            Files.deleteIfExists(routing);
        } catch (IOException ignored) {
            // harmless
        }
    }
}
