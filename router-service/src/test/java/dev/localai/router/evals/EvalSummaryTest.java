package dev.localai.router.evals;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EvalSummaryTest {

    static final EvalSettings SWEEP = EvalSettings.of(null, null, null, "0.2,0.6", "0.9", null, null, null, null, "cloud/m", null);

    static EvalResult result(String policy, int line, boolean passed, String cost, boolean local) {
        return new EvalResult(line, policy, passed, "contains:x", "", 200, null, local ? "home" : "cloud", "m", local,
                10.0 * line, 1.0 * line, new BigDecimal(cost), 0, "", null);
    }

    static List<EvalResult> results(String policy, boolean[] passed, String cost, boolean local) {
        List<EvalResult> out = new ArrayList<>();
        for (int i = 0; i < passed.length; i++) {
            out.add(result(policy, i + 2, passed[i], cost, local));
        }
        return out;
    }

    @Test
    void onEqualCostTheMoreSuccessfulThenTheLowerThresholdIsRecommended() {
        List<EvalResult> all = new ArrayList<>();
        all.addAll(results("cloud", new boolean[]{true, true, true, true, true, true, true, true, true, true}, "0.01", false));
        all.addAll(results("cascade@0.2", new boolean[]{true, true, true, true, true, true, true, true, true, false}, "0", true));
        all.addAll(results("cascade@0.6", new boolean[]{true, true, true, true, true, true, true, true, true, false}, "0", true));
        EvalSummary s = EvalSummary.of(SWEEP, all, true);
        assertEquals("cascade@0.2", s.recommended().policy(), "90% reaches 90% of 100%; equal cost and success: lower");
        assertEquals(0.1, s.recommended().savesUsd(), 1e-12);
        assertEquals(0.9, s.recommended().targetRate(), 1e-12);
        assertTrue(s.recommended().reason().contains("90%"), s.recommended().reason());
    }

    @Test
    void noThresholdReachingTheTargetIsSaidSo() {
        List<EvalResult> all = new ArrayList<>();
        all.addAll(results("cloud", new boolean[]{true, true}, "0.01", false));
        all.addAll(results("cascade@0.2", new boolean[]{true, false}, "0", true));
        all.addAll(results("cascade@0.6", new boolean[]{false, false}, "0.002", true));
        EvalSummary s = EvalSummary.of(SWEEP, all, true);
        assertNull(s.recommended());
        assertEquals("no threshold reaches 90% of the reference's success rate (90% of 100%); the best, cascade,"
                + " threshold 0.2, reached 50%", s.recommendationNote());
    }

    @Test
    void anUnfinishedRunOrOneWithoutTheReferenceRecommendsNothing() {
        List<EvalResult> all = results("cascade@0.2", new boolean[]{true}, "0", true);
        assertTrue(EvalSummary.of(SWEEP, all, false).recommendationNote().contains("not finished"));
        assertTrue(EvalSummary.of(SWEEP, all, true).recommendationNote().contains("run the cloud policy"));
        EvalSummary.PolicyStats empty = EvalSummary.of(SWEEP, all, true).policies().get(0);
        assertEquals("local", empty.policy());
        assertNull(empty.successRate(), "nothing to compute it from");
        assertNull(empty.latencyMs().p50());
    }

    @Test
    void percentilesAreNearestRankAndErrorsAreFailures() {
        List<Double> ten = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            ten.add((double) i);
        }
        assertEquals(new EvalSummary.Percentiles(10.0, 19.0), EvalSummary.percentiles(ten));
        assertEquals(new EvalSummary.Percentiles(7.0, 7.0), EvalSummary.percentiles(List.of(7.0)));
        EvalResult failed = new EvalResult(2, "local", false, "contains:x", "HTTP 503", 503, null, null, null, false,
                5.0, null, null, null, "", "no backend");
        EvalSummary.PolicyStats s = EvalSummary.stats(new EvalSettings.Policy("local", "local", null, "local only"),
                List.of(failed, result("local", 3, true, "0", true)));
        assertEquals(1, s.errors());
        assertEquals(1, s.answered());
        assertEquals(0.5, s.successRate());
        assertEquals(1.0, s.localShare(), "of the answered ones");
        assertEquals(30.0, s.latencyMs().p50(), "errors leave latency out");
    }
}
