package dev.localai.router.routing.policy;

import dev.localai.router.Signals;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A cascade comes from the matched rule, else from the file for the {@code cascade} tag; bad blocks name their keys. */
class CascadePlanTest {

    @Test
    void theShippedDefaultGivesTheCascadeTagItsJudgesAndThreshold() {
        RoutingPolicy policy = new RoutingPolicy(RoutingPolicyTest.TABLE);
        Signals tagged = RoutingPolicyTest.signals("auto", "cascade", 100, null, false, false, false, null);
        CascadePlan plan = policy.explain(tagged).cascade();
        assertEquals("tag cascade", plan.source());
        assertEquals(List.of("checks", "confidence"), plan.judges());
        assertEquals(0.5, plan.threshold());
        assertEquals(3, plan.maxAttempts());
        assertEquals(32, plan.holdTokens());
        assertEquals(Duration.ofMillis(400), plan.holdTime());
        assertNull(policy.explain(RoutingPolicyTest.signals("auto", "", 100, null, false, false, false, null)).cascade());
    }

    @Test
    void aRulesOwnCascadeAppliesWithoutTheTagAndAFileWithoutOneStillHonoursTheTag() {
        RoutingTable table = RoutingTableLoader.load("""
                backends:
                  local: {url: "http://localhost:1", models: [m]}
                rules:
                  - name: code
                    when: {task-type: [code]}
                    route: [local/m]
                    cascade: {judges: [checks, judge], judge: {model: local/m, budget: 150ms}, max-attempts: 3,
                              hold: {tokens: 16}}
                  - {name: otherwise, route: [local/m]}
                """, n -> null);
        RoutingPolicy policy = new RoutingPolicy(table);
        CascadePlan plan = policy.explain(RoutingPolicyTest.signals("auto", "", 100, "code", false, false, false, null))
                .cascade();
        assertEquals("rule code", plan.source());
        assertEquals(3, plan.maxAttempts());
        assertEquals(16, plan.holdTokens());
        assertEquals(Duration.ofMillis(150), plan.judge().budget());
        assertEquals("local", plan.judge().target().backend());
        assertEquals(CascadePlan.BUILT_IN.judges(), policy.explain(RoutingPolicyTest.signals("auto", "cascade", 100,
                null, false, false, false, null)).cascade().judges());
    }

    @Test
    void aBadCascadeBlockNamesEveryKeyPath() {
        RoutingTableLoader.InvalidRoutingConfig e = assertThrows(RoutingTableLoader.InvalidRoutingConfig.class,
                () -> RoutingTableLoader.load("""
                        backends:
                          local: {url: "http://localhost:1", models: [m]}
                        cascade: {judges: [checks, vibes], threshold: 2, colour: red}
                        rules:
                          - name: r
                            route: [local/m]
                            cascade: {judges: [judge], max-attempts: 0, hold: {tokens: 0, time: soon}}
                        """, n -> null));
        List<String> expected = List.of(
                "cascade.colour: unknown",
                "cascade.judges[1]: unknown judge 'vibes'",
                "cascade.threshold: a number from 0 to 1",
                "rules[0].cascade.max-attempts: between 1 and 10",
                "rules[0].cascade.hold.tokens: between 1 and 4096",
                "rules[0].cascade.hold.time: not a duration",
                "rules[0].cascade.judge.model: name the judge model");
        for (String problem : expected) {
            assertTrue(e.problems().stream().anyMatch(p -> p.startsWith(problem)), problem + " not in " + e.problems());
        }
    }
}
