package dev.localai.router.accounting;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RequestMetricsTest {

    static LogRow row(String backend, String reason, int status, boolean partial, Double ttftMs) {
        return new LogRow(UUID.randomUUID(), Instant.now(), "family", "auto", backend, "demo-tiny", reason, List.of(), null,
                false, 10, 5, true, 120.0, ttftMs, status, null, partial, false, new BigDecimal("0.25"),
                new BigDecimal("0.5"), null, null, null, 0, 0, BigDecimal.ZERO, null);
    }

    @Test
    void theRuleIsReadFromTheReasonAndTheChainWalksNotesBecomeFallbackCauses() {
        String reason = "rule long (3000 tokens; filtered: privacy); gaming-pc circuit open; fallback after gpu-3070"
                + " failed with 502; budget of key 'family' spent, openrouter skipped; opencode busy";
        assertEquals("long", RequestMetrics.rule(reason));
        assertEquals("cache", RequestMetrics.rule("cache hit"));
        assertEquals("none", RequestMetrics.rule(null));
        assertEquals(List.of("circuit_open", "failed", "over_budget", "busy"),
                RequestMetrics.notes(reason).stream().map(RequestMetrics::cause).toList());
        assertEquals(List.of(), RequestMetrics.notes("rule small (12 tokens)"));
    }

    @Test
    void aRequestCountsByBackendRuleAndStatusAndItsMoneyByKeyAndModel() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        RequestMetrics metrics = new RequestMetrics(registry);
        assertEquals(0, registry.get("router_fallbacks").tag("cause", "busy").counter().count(), "registered at 0");
        metrics.record(row("gpu-3070", "rule small (12 tokens); gaming-pc busy", 200, false, 40.0));
        metrics.record(row("gpu-3070", "rule small (12 tokens)", 200, true, null));
        assertEquals(1, registry.get("router_requests").tags("backend", "gpu-3070", "rule", "small", "status", "200",
                "outcome", "ok").counter().count());
        assertEquals(1, registry.get("router_requests").tags("outcome", "partial").counter().count());
        assertEquals(1, registry.get("router_fallbacks").tag("cause", "busy").counter().count());
        assertEquals(2, registry.get("router_request_duration").tag("backend", "gpu-3070").timer().count());
        assertEquals(1, registry.get("router_time_to_first_token").tag("backend", "gpu-3070").timer().count());
        assertEquals(0.5, registry.get("router_key_cost_usd").tags("key", "family", "model", "demo-tiny").counter().count(), 1e-9);
        assertEquals(1.0, registry.get("router_key_saved_usd").tags("key", "family", "backend", "gpu-3070").counter().count(), 1e-9);
    }
}
