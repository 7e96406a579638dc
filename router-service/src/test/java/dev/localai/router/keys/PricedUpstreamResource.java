package dev.localai.router.keys;

import dev.localai.testsupport.quarkus.RoutingFileResource;
import dev.localai.standins.upstream.FakeUpstream;

import java.util.Map;

/**
 * One fake upstream behind two backends: {@code paid} (in the cloud, 1,000 USD per million tokens
 * each way, so that a budget of cents runs out in a few requests) and {@code local} (at home, free).
 * Everything goes to paid first, then local.
 */
public class PricedUpstreamResource extends RoutingFileResource {

    static FakeUpstream fake;

    @Override
    protected String routing() {
        fake = started(FakeUpstream.start().models("paid-model", "local-model").answer("ok"));
        return "backends:\n"
                + "  paid: {url: \"" + fake.baseUrl() + "\", location: cloud, models: [paid-model],"
                + " price: {input: 1000, output: 1000}}\n"
                + "  local: {url: \"" + fake.baseUrl() + "\", location: home, models: [local-model]}\n"
                + "rules:\n"
                + "  - {name: explicit-model, when: {requested: [model, alias]}, route: [requested]}\n"
                + "  - {name: paid-first, route: [paid/paid-model, local/local-model]}\n";
    }

    @Override
    protected Map<String, String> settings() {
        return Map.of("router.admin-key", "admin-secret-for-tests", "router.keys.refresh", "1s",
                "router.breaker.failures", "1000");
    }
}
