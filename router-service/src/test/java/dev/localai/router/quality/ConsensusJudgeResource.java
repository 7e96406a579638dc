package dev.localai.router.quality;

import dev.localai.standins.upstream.FakeUpstream;
import dev.localai.testsupport.quarkus.RoutingFileResource;

/**
 * Two consensus members (A, B) that must agree, C behind them, and a judge model fake named by the file's
 * {@code cascade}, which consensus then uses to compare long answers (300 ms budget); the {@code own-judge} rule
 * (header {@code X-Test-Plan}) names its own judge in its cascade block.
 */
public class ConsensusJudgeResource extends RoutingFileResource {

    static FakeUpstream A;
    static FakeUpstream B;
    static FakeUpstream C;
    static FakeUpstream JUDGE;
    static FakeUpstream RULE_JUDGE;

    @Override
    protected String routing() {
        A = started(FakeUpstream.start());
        B = started(FakeUpstream.start());
        C = started(FakeUpstream.start());
        JUDGE = started(FakeUpstream.start());
        RULE_JUDGE = started(FakeUpstream.start());
        return "backends:\n"
                + "  a: {url: \"" + A.baseUrl() + "\", models: [m]}\n"
                + "  b: {url: \"" + B.baseUrl() + "\", models: [m]}\n"
                + "  c: {url: \"" + C.baseUrl() + "\", models: [m]}\n"
                + "  judge: {url: \"" + JUDGE.baseUrl() + "\", models: [j]}\n"
                + "  rule-judge: {url: \"" + RULE_JUDGE.baseUrl() + "\", models: [j]}\n"
                + "cascade: {judges: [checks, judge], judge: {model: judge/j, budget: 300ms}}\n"
                + "rules:\n"
                + "  - name: own-judge\n"
                + "    when: {header: {X-Test-Plan: own-judge}}\n"
                + "    route: [c/m]\n"
                + "    consensus: {members: [a/m, b/m], agree: 2}\n"
                + "    cascade: {judges: [judge], judge: {model: rule-judge/j, budget: 300ms}}\n"
                + "  - name: pair\n"
                + "    route: [c/m]\n"
                + "    consensus: {members: [a/m, b/m], agree: 2}\n";
    }
}
