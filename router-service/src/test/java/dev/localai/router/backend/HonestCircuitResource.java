package dev.localai.router.backend;

import dev.localai.testsupport.upstream.FakeUpstream;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A local fake and a cloud fake in one chain, with a breaker that opens after 2 failures and stays
 * open for a minute (longer than any test here), so an open circuit is still open when looked at.
 * {@code local-only} names the local fake alone.
 */
public class HonestCircuitResource implements QuarkusTestResourceLifecycleManager {

    static FakeUpstream LOCAL;
    static FakeUpstream CLOUD;
    private Path file;

    @Override
    public Map<String, String> start() {
        LOCAL = FakeUpstream.start().answer("local answers");
        CLOUD = FakeUpstream.start().answer("cloud answers");
        String yaml = "backends:\n"
                + "  local: {url: \"" + LOCAL.baseUrl() + "\", models: [m], timeouts: {first-token: 5s, gap: 5s}}\n"
                + "  cloud: {url: \"" + CLOUD.baseUrl() + "\", location: cloud, models: [m]}\n"
                + "aliases:\n"
                + "  local-only: [local/m]\n"
                + "rules:\n"
                + "  - {name: explicit, when: {requested: [alias, model]}, route: [requested]}\n"
                + "  - {name: local-then-cloud, route: [local/m, cloud/m]}\n";
        try {
            file = Files.createTempFile("routing-honest", ".yaml");
            Files.writeString(file, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("router.routing-file", file.toString(), "router.breaker.failures", "2",
                "router.breaker.cooldown", "60s", "router.health.interval", "60s");
    }

    @Override
    public void stop() {
        LOCAL.close();
        CLOUD.close();
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a temp file left behind is harmless
        }
    }
}
