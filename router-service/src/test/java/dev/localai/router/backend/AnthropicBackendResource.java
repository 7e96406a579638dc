package dev.localai.router.backend;

import dev.localai.testsupport.quarkus.RoutingFileResource;
import dev.localai.standins.anthropic.AnthropicStub;
import dev.localai.standins.upstream.FakeUpstream;

import java.util.Map;

/**
 * A Claude backend ({@code type: anthropic}) served by the Anthropic stub, with a local fake behind it:
 * {@code auto} goes to Claude first, then local.
 */
public class AnthropicBackendResource extends RoutingFileResource {

    static AnthropicStub CLAUDE;
    static FakeUpstream LOCAL;

    @Override
    protected String routing() {
        CLAUDE = started(AnthropicStub.start());
        LOCAL = started(FakeUpstream.start().models("local-model").answer("local answer"));
        return "backends:\n"
                + "  claude: {type: anthropic, url: \"" + CLAUDE.baseUrl() + "\", location: cloud,"
                + " api-key: \"" + AnthropicStub.DEFAULT_API_KEY + "\", models: [claude-sonnet-4-5],"
                + " price: {input: 3, output: 15}}\n"
                + "  local: {url: \"" + LOCAL.baseUrl() + "\", models: [local-model]}\n"
                + "rules:\n"
                + "  - {name: explicit-model, when: {requested: [model, alias]}, route: [requested]}\n"
                + "  - {name: claude-first, route: [claude/claude-sonnet-4-5, local/local-model]}\n";
    }

    @Override
    protected Map<String, String> settings() {
        return Map.of("router.breaker.failures", "1000");
    }
}
