package dev.localai.router.keys;

import dev.localai.testsupport.upstream.FakeUpstream;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * One fake upstream behind two backends: {@code paid} (in the cloud, 1,000 USD per million tokens
 * each way, so that a budget of cents runs out in a few requests) and {@code local} (at home, free).
 * Everything goes to paid first, then local.
 */
public class PricedUpstreamResource implements QuarkusTestResourceLifecycleManager {

    static FakeUpstream fake;
    private Path routing;

    @Override
    public Map<String, String> start() {
        fake = FakeUpstream.start().models("paid-model", "local-model").answer("ok");
        String yaml = "backends:\n"
                + "  paid: {url: \"" + fake.baseUrl() + "\", location: cloud, models: [paid-model],"
                + " price: {input: 1000, output: 1000}}\n"
                + "  local: {url: \"" + fake.baseUrl() + "\", location: home, models: [local-model]}\n"
                + "rules:\n"
                + "  - {name: explicit-model, when: {requested: [model, alias]}, route: [requested]}\n"
                + "  - {name: paid-first, route: [paid/paid-model, local/local-model]}\n";
        try {
            routing = Files.createTempFile("routing-priced", ".yaml");
            Files.writeString(routing, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("router.routing-file", routing.toString(), "router.admin-key", "admin-secret-for-tests",
                "router.keys.refresh", "1s", "router.breaker.failures", "1000");
    }

    @Override
    public void stop() {
        fake.close();
        try {
            Files.deleteIfExists(routing);
        } catch (IOException ignored) {
            // harmless
        }
    }
}
