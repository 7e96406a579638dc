package dev.localai.router.backend;

import dev.localai.testsupport.quarkus.RoutingFileResource;
import dev.localai.standins.upstream.FakeUpstream;

import java.util.Map;

/**
 * Two fakes in one chain, local first and cloud behind it, with short limits so failures show fast:
 * local has 2 attempts, 1 request in flight, first token 1 s, gap 1 s, total 5 s; cloud has 2 in
 * flight. The breaker opens after 2 failures and cools down for 1 s. The alias {@code wide} is the same
 * pair of fakes without bounds, for load.
 */
public class FallbackResource extends RoutingFileResource {

    static FakeUpstream LOCAL;
    static FakeUpstream CLOUD;

    @Override
    protected String routing() {
        LOCAL = started(FakeUpstream.start().answer("local answers"));
        CLOUD = started(FakeUpstream.start().answer("cloud answers"));
        return "backends:\n"
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
    }

    @Override
    protected Map<String, String> settings() {
        return Map.of("router.breaker.failures", "2", "router.breaker.cooldown", "1s", "router.health.interval", "200ms");
    }
}
