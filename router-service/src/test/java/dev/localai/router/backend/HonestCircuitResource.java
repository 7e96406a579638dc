package dev.localai.router.backend;

import dev.localai.testsupport.quarkus.RoutingFileResource;
import dev.localai.standins.upstream.FakeUpstream;

import java.util.Map;

/**
 * A local fake and a cloud fake in one chain, with a breaker that opens after 2 failures and stays
 * open for a minute (longer than any test here), so an open circuit is still open when looked at.
 * {@code local-only} names the local fake alone.
 */
public class HonestCircuitResource extends RoutingFileResource {

    static FakeUpstream LOCAL;
    static FakeUpstream CLOUD;

    @Override
    protected String routing() {
        LOCAL = started(FakeUpstream.start().answer("local answers"));
        CLOUD = started(FakeUpstream.start().answer("cloud answers"));
        return "backends:\n"
                + "  local: {url: \"" + LOCAL.baseUrl() + "\", models: [m], timeouts: {first-token: 5s, gap: 5s}}\n"
                + "  cloud: {url: \"" + CLOUD.baseUrl() + "\", location: cloud, models: [m]}\n"
                + "aliases:\n"
                + "  local-only: [local/m]\n"
                + "rules:\n"
                + "  - {name: explicit, when: {requested: [alias, model]}, route: [requested]}\n"
                + "  - {name: local-then-cloud, route: [local/m, cloud/m]}\n";
    }

    @Override
    protected Map<String, String> settings() {
        return Map.of("router.breaker.failures", "2", "router.breaker.cooldown", "60s", "router.health.interval", "60s");
    }
}
