package dev.localai.evalcli.output;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.localai.evalcli.EvalRun;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ResultTableTest {

    static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** A run as evals-api.md shows it, with fields the runner does not read. */
    static final String RUN = """
            {"id":"r1","object":"eval.run","name":"sample","status":"done","prompts":6,
             "progress":{"done":18,"total":18},"csv_errors":[{"line":7,"message":"unknown check 'foo:'"}],
             "policies":[
              {"policy":"local","label":"local only","threshold":null,"prompts":6,"passed":1,"failed":5,"errors":0,
               "success_rate":0.1667,"cost_usd":0.0,"cost_per_prompt_usd":0.0,"latency_ms":{"p50":120.0,"p95":300.0},
               "ttft_ms":{"p50":40.0,"p95":90.0},"local_share":1.0,"escalations":0},
              {"policy":"cloud","label":"cloud reference","threshold":null,"prompts":6,"passed":5,"failed":0,"errors":1,
               "success_rate":0.8333,"cost_usd":0.0052,"cost_per_prompt_usd":0.00087,"latency_ms":{"p50":1450.0,"p95":2300.0},
               "ttft_ms":{"p50":410.0,"p95":900.0},"local_share":0.0,"escalations":0},
              {"policy":"cascade@0.5","label":"cascade, threshold 0.5","threshold":0.5,"prompts":6,"passed":5,"failed":1,
               "errors":0,"success_rate":0.8333,"cost_usd":0.0012,"cost_per_prompt_usd":0.0002,
               "latency_ms":{"p50":300.0,"p95":1900.0},"ttft_ms":{"p50":null,"p95":null},"local_share":0.6667,"escalations":2}],
             "recommended":{"policy":"cascade@0.5","threshold":0.5,"success_rate":0.8333,"cost_usd":0.0012,
               "reference_success_rate":0.8333,"target_rate":0.79,"saves_usd":0.004,
               "reason":"the cheapest threshold whose success rate (83%) reaches 95% of the reference's (83%)"},
             "recommendation_note":null,"results":[{"line":2,"policy":"local","passed":false}]}
            """;

    @Test
    void onePolicyARowTheRecommendedOneMarkedThenTheRecommendation() throws Exception {
        String table = ResultTable.render(JSON.readValue(RUN, EvalRun.class));
        assertEquals("""
                  policy       success                cost  cost/prompt  latency p50     p95  ttft p50  local  escalations
                  local        17% (1/6)                $0           $0       120 ms  300 ms     40 ms   100%            0
                  cloud        83% (5/6, 1 error)  $0.0052     $0.00087        1.5 s   2.3 s    410 ms     0%            0
                * cascade@0.5  83% (5/6)           $0.0012      $0.0002       300 ms   1.9 s         -    67%            2

                Recommended: cascade@0.5 (threshold 0.5), success 83% at $0.0012, saves $0.004 against the reference
                  the cheapest threshold whose success rate (83%) reaches 95% of the reference's (83%)
                """, table);
    }

    @Test
    void withoutARecommendationTheNoteSaysWhy() throws Exception {
        EvalRun run = JSON.readValue(RUN.replaceFirst("\"recommended\":\\{[^}]*}", "\"recommended\":null")
                .replace("\"recommendation_note\":null", "\"recommendation_note\":\"no threshold reaches 95% of the"
                        + " reference's success rate (83%)\""), EvalRun.class);
        String table = ResultTable.render(run);
        assertEquals("No threshold recommended: no threshold reaches 95% of the reference's success rate (83%)",
                table.lines().reduce((a, b) -> b).orElseThrow());
        assertEquals(-1, table.indexOf("* "), "no row is marked");
    }
}
