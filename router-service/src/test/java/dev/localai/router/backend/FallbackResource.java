package dev.localai.router.backend;

import dev.localai.testsupport.upstream.FakeUpstream;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Two fakes in one chain, local first and cloud behind it, with short limits so failures show fast:
 * local has 2 attempts, 1 request in flight, first token 1 s, gap 1 s, total 5 s; cloud has 2 in
 * flight. The breaker opens after 2 failures and cools down for 1 s. The alias {@code wide} is the same
 * pair of fakes without bounds, for load.
 */
public class FallbackResource implements QuarkusTestResourceLifecycleManager {

    static FakeUpstream LOCAL;
    static FakeUpstream CLOUD;
    private Path file;

    @Override
    public Map<String, String> start() {
        LOCAL = FakeUpstream.start().answer("local answers");
        CLOUD = FakeUpstream.start().answer("cloud answers");
        String yaml = "backends:\n"
                + "  local: {url: \"" + LOCAL.baseUrl() + "\", models: [m], attempts: 2, max-in-flight: 1,\n"
                + "          timeouts: {first-token: 1s, gap: 1s, total: 5s}}\n"
                + "  cloud: {url: \"" + CLOUD.baseUrl() + "\", location: cloud, models: [m], max-in-flight: 2}\n"
                + "  local-wide: {url: \"" + LOCAL.baseUrl() + "\", models: [m]}\n"
                + "  cloud-wide: {url: \"" + CLOUD.baseUrl() + "\", location: cloud, models: [m]}\n"
                + "aliases:\n"
                + "  wide: [local-wide/m, cloud-wide/m]\n"
                + "rules:\n"
                + "  - {name: explicit, when: {requested: [alias, model]}, route: [requested]}\n"
                + "  - {name: local-then-cloud, route: [local/m, cloud/m]}\n";
        try {
            file = Files.createTempFile("routing", ".yaml");
            Files.writeString(file, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("router.routing-file", file.toString(), "router.breaker.failures", "2",
                "router.breaker.cooldown", "1s", "router.health.interval", "200ms");
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
