package dev.localai.deploychecks;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PromQlTest {

    @Test
    void findsEverySelectorAndSkipsFunctionsLabelListsAndStrings() {
        List<PromQl.Selector> found = PromQl.selectors("histogram_quantile(0.95, sum by (le, backend) "
                + "(rate(router_time_to_first_token_seconds_bucket{job=\"a,b}\", le!=\"x\"}[5m]))) > 10 "
                + "and on(backend) router_backend_up == 0 or vector(0)");
        assertEquals(List.of(new PromQl.Selector("router_time_to_first_token_seconds_bucket", "{job=\"a,b}\", le!=\"x\"}"),
                new PromQl.Selector("router_backend_up", "")), found);
    }

    @Test
    void aBareNameAndAnAggregationWithItsLabelListAfterwards() {
        assertEquals(List.of(new PromQl.Selector("up", ""), new PromQl.Selector("process_cpu_usage", "")),
                PromQl.selectors("sum(up) without (instance) / count(process_cpu_usage offset 5m)"));
    }
}
