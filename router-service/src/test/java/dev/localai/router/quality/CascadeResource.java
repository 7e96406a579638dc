package dev.localai.router.quality;

import dev.localai.standins.upstream.FakeUpstream;
import dev.localai.testsupport.quarkus.RoutingFileResource;

/**
 * A local fake, a priced cloud fake behind it, and a judge model fake. The {@code cascade} tag asks for
 * checks and self-reported confidence at 0.6; rules picked by {@code X-Test-Plan} cascade on log-probabilities,
 * the judge model, or checks over a held stream of 8 tokens. The judge fake also labels complexity (300 ms budget)
 * for the {@code hard} rule; {@code vote} asks local, judge and a fourth fake for a consensus of 2, cloud behind it.
 */
public class CascadeResource extends RoutingFileResource {

    static FakeUpstream LOCAL;
    static FakeUpstream CLOUD;
    static FakeUpstream JUDGE;
    static FakeUpstream OTHER;

    @Override
    protected String routing() {
        LOCAL = started(FakeUpstream.start());
        CLOUD = started(FakeUpstream.start());
        JUDGE = started(FakeUpstream.start());
        OTHER = started(FakeUpstream.start());
        return "backends:\n"
                + "  local: {url: \"" + LOCAL.baseUrl() + "\", models: [m]}\n"
                + "  cloud: {url: \"" + CLOUD.baseUrl() + "\", location: cloud, models: [m],"
                + " price: {input: 1000, output: 2000}}\n"
                + "  judge: {url: \"" + JUDGE.baseUrl() + "\", models: [j]}\n"
                + "  other: {url: \"" + OTHER.baseUrl() + "\", models: [m]}\n"
                + "cascade: {judges: [checks, confidence], threshold: 0.6, max-attempts: 2}\n"
                + "complexity: {model: judge/j, budget: 300ms}\n"
                + "rules:\n"
                + "  - {name: explicit, when: {requested: [alias, model]}, route: [requested]}\n"
                + "  - name: scored\n"
                + "    when: {header: {X-Test-Plan: logprobs}}\n"
                + "    route: [local/m, cloud/m]\n"
                + "    cascade: {judges: [checks, logprobs], threshold: 0.5}\n"
                + "  - name: judged\n"
                + "    when: {header: {X-Test-Plan: judge}}\n"
                + "    route: [local/m, cloud/m]\n"
                + "    cascade: {judges: [judge], judge: {model: judge/j, budget: 500ms}, threshold: 0.5}\n"
                + "  - name: streamed\n"
                + "    when: {header: {X-Test-Plan: stream}}\n"
                + "    route: [local/m, cloud/m]\n"
                + "    cascade: {judges: [checks], threshold: 0.5, hold: {tokens: 8, time: 5s}}\n"
                + "  - name: vote\n"
                + "    when: {header: {X-Test-Plan: consensus}}\n"
                + "    route: [cloud/m]\n"
                + "    consensus: {members: [local/m, judge/j, other/m], agree: 2}\n"
                + "  - {name: hard, when: {header: {X-Test-Plan: classify}, complexity: [complex, reasoning]},"
                + " route: [cloud/m]}\n"
                + "  - {name: local-then-cloud, route: [local/m, cloud/m]}\n";
    }
}
