package dev.localai.testsupport.quarkus;

import dev.localai.standins.upstream.FakeUpstream;

import java.util.Map;

/**
 * Starts a {@link FakeUpstream} and gives the router a routing file with two backends: {@code fake},
 * served by it (model {@code fake-model}), and {@code down}, whose URL refuses connections (model
 * {@code down-model}); an alias {@code local} for the fake; and two rules: a requested model or
 * alias goes there ({@code explicit-model}), anything else to the fake ({@code otherwise}). Fields
 * annotated {@link InjectFakeUpstream} receive the fake. Init args: {@code idle-timeout} (default
 * {@code 3s}).
 */
public class FakeUpstreamResource extends RoutingFileResource {

    private FakeUpstream fake;
    private String idleTimeout = "3s";

    @Override
    public void init(Map<String, String> initArgs) {
        idleTimeout = initArgs.getOrDefault("idle-timeout", idleTimeout);
    }

    @Override
    protected String routing() {
        fake = started(FakeUpstream.start().models("fake-model"));
        return "backends:\n"
                + "  fake: {url: \"" + fake.baseUrl() + "\", models: [fake-model], timeouts: {idle: " + idleTimeout + "}}\n"
                + "  down: {url: \"" + FakeUpstream.unusedPortUrl() + "\", models: [down-model]}\n"
                + "aliases:\n"
                + "  local: [fake/fake-model]\n"
                + "rules:\n"
                + "  - {name: explicit-model, when: {requested: [model, alias]}, route: [requested]}\n"
                + "  - {name: otherwise, route: [fake/fake-model]}\n";
    }

    @Override
    protected Map<String, String> settings() {
        return Map.of("router.breaker.failures", "1000");       // these tests check error mapping, not breakers
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(fake,
                new TestInjector.AnnotatedAndMatchesType(InjectFakeUpstream.class, FakeUpstream.class));
    }
}
