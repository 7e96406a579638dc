package dev.localai.testsupport.quarkus;

import dev.localai.testsupport.upstream.FakeUpstream;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Starts a {@link FakeUpstream} and gives the router a routing file with two backends: {@code fake},
 * served by it (model {@code fake-model}), and {@code down}, whose URL refuses connections (model
 * {@code down-model}); an alias {@code local} for the fake; and two rules: a requested model or
 * alias goes there ({@code explicit-model}), anything else to the fake ({@code otherwise}). Fields
 * annotated {@link InjectFakeUpstream} receive the fake. Init args: {@code idle-timeout} (default
 * {@code 3s}).
 */
public class FakeUpstreamResource implements QuarkusTestResourceLifecycleManager {

    private FakeUpstream fake;
    private Path routingFile;
    private String idleTimeout = "3s";

    @Override
    public void init(Map<String, String> initArgs) {
        idleTimeout = initArgs.getOrDefault("idle-timeout", idleTimeout);
    }

    @Override
    public Map<String, String> start() {
        fake = FakeUpstream.start().models("fake-model");
        String yaml = "backends:\n"
                + "  fake: {url: \"" + fake.baseUrl() + "\", models: [fake-model], timeouts: {idle: " + idleTimeout + "}}\n"
                + "  down: {url: \"" + FakeUpstream.unusedPortUrl() + "\", models: [down-model]}\n"
                + "aliases:\n"
                + "  local: [fake/fake-model]\n"
                + "rules:\n"
                + "  - {name: explicit-model, when: {requested: [model, alias]}, route: [requested]}\n"
                + "  - {name: otherwise, route: [fake/fake-model]}\n";
        try {
            routingFile = Files.createTempFile("routing", ".yaml");
            Files.writeString(routingFile, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> config = new LinkedHashMap<>();
        config.put("router.routing-file", routingFile.toString());
        config.put("router.breaker.failures", "1000");       // these tests check error mapping, not breakers
        return config;
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(fake,
                new TestInjector.AnnotatedAndMatchesType(InjectFakeUpstream.class, FakeUpstream.class));
    }

    @Override
    public void stop() {
        if (fake != null) {
            fake.close();
        }
        try {
            if (routingFile != null) {
                Files.deleteIfExists(routingFile);
            }
        } catch (IOException ignored) {
            // a temp file left behind is harmless
        }
    }
}
