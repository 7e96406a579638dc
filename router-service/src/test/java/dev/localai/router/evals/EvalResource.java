package dev.localai.router.evals;

import dev.localai.standins.upstream.FakeUpstream;
import dev.localai.testsupport.quarkus.RoutingFileResource;

import java.util.Map;

/**
 * A free home backend and a priced cloud one behind it (1000/2000 USD per million words in/out, so every answer
 * costs a visible amount); the cascade scores answers by their token log-probabilities at 0.5, holding a stream
 * long enough for a whole scripted answer. The cloud model is the savings reference.
 */
public class EvalResource extends RoutingFileResource {

    static FakeUpstream LOCAL;
    static FakeUpstream CLOUD;

    @Override
    protected String routing() {
        LOCAL = started(FakeUpstream.start());
        CLOUD = started(FakeUpstream.start());
        return "backends:\n"
                + "  local: {url: \"" + LOCAL.baseUrl() + "\", models: [m]}\n"
                + "  cloud: {url: \"" + CLOUD.baseUrl() + "\", location: cloud, models: [m],"
                + " price: {input: 1000, output: 2000}}\n"
                + "aliases: {small: [local/m], local: [local/m]}\n"
                + "cascade: {judges: [checks, logprobs], threshold: 0.5, max-attempts: 2, hold: {tokens: 64, time: 5s}}\n"
                + "rules:\n"
                + "  - {name: explicit, when: {requested: [alias, model]}, route: [requested]}\n"
                + "  - {name: local-then-cloud, route: [local/m, cloud/m]}\n";
    }

    @Override
    protected Map<String, String> settings() {
        return Map.of("router.savings.reference", "cloud/m");
    }
}
