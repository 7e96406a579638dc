package dev.localai.router.evals;

import dev.localai.standins.upstream.Behaviour;
import dev.localai.standins.upstream.FakeUpstream;
import dev.localai.testsupport.postgres.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.localai.router.evals.EvalResource.CLOUD;
import static dev.localai.router.evals.EvalResource.LOCAL;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Eval runs through the real router against fakes scripted per question, so the whole table is known in advance:
 * the local model is right on two of four questions and unsure on two (token log-probabilities), the cloud is
 * always right. By hand: local only and the current routing pass 2 of 4 for nothing; the cloud 4 of 4 at a price;
 * the cascade escalates the answers scored below its threshold (0.3: none, 0.5: Jupiter, 0.7: also the sum,
 * 0.9: also gold), passing 2, 3, 3 and 4 of 4; at a 95% target only 0.9 reaches the cloud's success, at 75% the
 * cheapest that does is 0.5.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(value = EvalResource.class, restrictToAnnotatedClass = true)
class EvalRunTest {

    static final String CSV = "prompt,expected,check\n"
            + "What is the capital of France?,Paris,\n"                          // line 2: local right, sure (0.95)
            + "\"Two plus two, written as a digit?\",4,exact:4\n"              // line 3: local right, unsure (0.6)
            + "Bad line with a check that does not exist,x,foo:bar\n"           // line 4: reported, left out
            + "Which is the largest planet?,Jupiter,contains:jupiter\n"         // line 5: local wrong, unsure (0.4)
            + "The chemical symbol for gold?,,\"regex:\\bAu\\b\"\n";            // line 6: local wrong, sure (0.8)

    @BeforeEach
    void script() {
        LOCAL.reset();
        CLOUD.reset();
        LOCAL.answerTo("capital of france", "Paris", Math.log(0.95))
                .answerTo("two plus two", "4", Math.log(0.6))
                .answerTo("largest planet", "Saturn", Math.log(0.4))
                .answerTo("symbol for gold", "It is Ag", Math.log(0.8))
                .answerTo("grade answers", "9");
        CLOUD.answerTo("capital of france", "Paris is the capital.")
                .answerTo("two plus two", "4")
                .answerTo("largest planet", "Jupiter is the largest.")
                .answerTo("symbol for gold", "The symbol is Au.");
    }

    static String start(String csv, String query) {
        Response r = given().contentType("text/csv").body(csv).post("/api/evals" + query);
        assertEquals(202, r.statusCode(), r.asString());
        assertEquals("running", r.jsonPath().getString("status"));
        assertTrue(r.header("Location").endsWith("/api/evals/" + r.jsonPath().getString("id")));
        return r.jsonPath().getString("id");
    }

    static JsonPath awaitEnd(String id, Duration limit) {
        Instant until = Instant.now().plus(limit);
        while (Instant.now().isBefore(until)) {
            JsonPath run = given().get("/api/evals/" + id).then().statusCode(200).extract().jsonPath();
            if (!"running".equals(run.getString("status"))) {
                return run;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        fail("eval run " + id + " did not end within " + limit);
        return null;
    }

    static Map<String, Object> policy(JsonPath run, String name) {
        List<Map<String, Object>> all = run.getList("policies");
        return all.stream().filter(p -> name.equals(p.get("policy"))).findFirst()
                .orElseThrow(() -> new AssertionError("no policy " + name + " in " + run.prettify()));
    }

    static double number(Map<String, Object> policy, String field) {
        return ((Number) policy.get(field)).doubleValue();
    }

    static double resultCost(JsonPath run, String policy, int line) {
        List<Map<String, Object>> results = run.getList("results");
        return results.stream().filter(r -> policy.equals(r.get("policy")) && ((Number) r.get("line")).intValue() == line)
                .map(r -> ((Number) r.get("cost_usd")).doubleValue()).findFirst().orElseThrow();
    }


    static void awaitChats(int count) {
        Instant until = Instant.now().plusSeconds(10);
        while (LOCAL.chatRequests().size() < count) {
            if (Instant.now().isAfter(until)) {
                fail("the backend got " + LOCAL.chatRequests().size() + " chat requests, not " + count);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void theTableAndTheRecommendedThresholdAreTheOnesWorkedOutByHand() {
        long householdBefore = given().get("/api/costs?period=day").jsonPath().getLong("total.requests");
        String id = start(CSV, "?name=by+hand&concurrency=3");
        JsonPath run = awaitEnd(id, Duration.ofSeconds(60));
        assertEquals("done", run.getString("status"), run.prettify());
        assertEquals(4, run.getInt("prompts"));
        assertEquals(Map.of("done", 28, "total", 28), run.getMap("progress"), "4 prompts × 7 settings");
        assertEquals(4, run.getInt("csv_errors[0].line"));
        assertTrue(run.getString("csv_errors[0].message").contains("unknown check 'foo:bar'"), run.prettify());
        assertEquals(List.of("local", "cloud", "current", "cascade@0.3", "cascade@0.5", "cascade@0.7", "cascade@0.9"),
                run.getList("policies.policy"));

        Map<String, Object> local = policy(run, "local");
        assertEquals("local only (local)", local.get("label"), "the routing file's local alias answers it");
        assertEquals(2, local.get("passed"));
        assertEquals(0.5, number(local, "success_rate"), 1e-9);
        assertEquals(0.0, number(local, "cost_usd"), 1e-12);
        assertEquals(1.0, number(local, "local_share"), 1e-9);
        Map<String, Object> cloud = policy(run, "cloud");
        assertEquals(4, cloud.get("passed"));
        assertEquals(0.0, number(cloud, "local_share"), 1e-9);
        assertTrue(number(cloud, "cost_usd") > 0);
        assertEquals(2, policy(run, "current").get("passed"));
        assertEquals(0.0, number(policy(run, "current"), "cost_usd"), 1e-12);

        int[] passed = {2, 3, 3, 4};
        int[] escalated = {0, 1, 2, 3};
        String[] sweep = {"cascade@0.3", "cascade@0.5", "cascade@0.7", "cascade@0.9"};
        for (int i = 0; i < sweep.length; i++) {
            Map<String, Object> p = policy(run, sweep[i]);
            assertEquals(passed[i], p.get("passed"), sweep[i] + ": " + p);
            assertEquals(escalated[i], p.get("escalations"), sweep[i] + ": " + p);
            assertEquals(0, p.get("errors"));
            assertNotNull(((Map<?, ?>) p.get("ttft_ms")).get("p50"), "answers streamed: time to first token measured");
        }
        // each escalation costs what the cloud's answer to that question costs (local answers are free)
        double jupiter = resultCost(run, "cloud", 5);
        double four = resultCost(run, "cloud", 3);
        double gold = resultCost(run, "cloud", 6);
        assertEquals(0.0, number(policy(run, "cascade@0.3"), "cost_usd"), 1e-12);
        assertEquals(jupiter, number(policy(run, "cascade@0.5"), "cost_usd"), 1e-9);
        assertEquals(jupiter + four, number(policy(run, "cascade@0.7"), "cost_usd"), 1e-9);
        assertEquals(jupiter + four + gold, number(policy(run, "cascade@0.9"), "cost_usd"), 1e-9);
        assertEquals(0.25, number(policy(run, "cascade@0.9"), "local_share"), 1e-9, "only Paris stays local");

        assertEquals("cascade@0.9", run.getString("recommended.policy"), run.prettify());
        assertEquals(0.9, run.getDouble("recommended.threshold"), 1e-9);
        assertEquals(1.0, run.getDouble("recommended.reference_success_rate"), 1e-9);
        assertEquals(resultCost(run, "cloud", 2), run.getDouble("recommended.saves_usd"), 1e-9,
                "it saves what the cloud charged for the one question local answers surely");

        // eval traffic is logged as such, and the household's costs leave it out
        JsonPath evalRows = given().get("/api/logs?traffic=eval&size=200").jsonPath();
        assertTrue(evalRows.getList("data.eval_run").stream().allMatch(java.util.Objects::nonNull), "rows carry their run");
        assertEquals(28, evalRows.getList("data.eval_run").stream().filter(id::equals).count(), "one row per answer");
        assertEquals(householdBefore, given().get("/api/costs?period=day").jsonPath().getLong("total.requests"),
                "no eval request counts as the household's");
        String metrics = given().get("/q/metrics").asString();
        assertTrue(metrics.contains("router_key_cost_usd_total{backend=\"cloud\",key=\"eval\""), "metrics label it");

        // the same answers, a lower target: the cheapest threshold that reaches 75% of the cloud's success is 0.5
        String second = start(CSV, "?target=0.75");
        JsonPath lower = awaitEnd(second, Duration.ofSeconds(60));
        assertEquals("cascade@0.5", lower.getString("recommended.policy"), lower.prettify());

        // the cost simulation takes the run's measured cost per prompt and success instead of assumptions
        JsonPath simulated = given().contentType("application/json").body("{\"eval_run\":\"" + second + "\","
                + "\"requests_per_day\":100,\"days\":30,\"prompt_tokens\":10,\"completion_tokens\":10}")
                .post("/api/costs/simulate").then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> scenarios = simulated.getList("scenarios");
        Map<String, Object> atHalf = scenarios.stream().filter(x -> "eval:cascade@0.5".equals(x.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError(simulated.prettify()));
        assertEquals(0.75, number(atHalf, "success_rate"), 1e-9);
        assertEquals(3000 * number(policy(lower, "cascade@0.5"), "cost_per_prompt_usd"), number(atHalf, "cost_usd"), 1e-4,
                "JsonPath reads decimals as floats");
        assertTrue(((String) atHalf.get("basis")).contains("the recommended threshold"), atHalf.toString());
        assertEquals(404, given().contentType("application/json").body("{\"eval_run\":\"nope\"}")
                .post("/api/costs/simulate").statusCode());

        JsonPath list = given().get("/api/evals").then().statusCode(200).extract().jsonPath();
        assertEquals(second, list.getString("data[0].id"), "newest first");
        assertEquals("cascade@0.5", list.getString("data[0].recommended.policy"));
        assertNull(list.get("data[0].results"), "the list carries no answers");
    }

    @Test
    void theReportIsOneSelfContainedPageWithTheTableAndThePlot() {
        String id = start(CSV, "?policies=local,cloud,cascade&thresholds=0.5&target=0.75");
        awaitEnd(id, Duration.ofSeconds(60));
        Response report = given().get("/api/evals/" + id + "/report.html");
        assertEquals(200, report.statusCode());
        String csp = report.header("Content-Security-Policy");
        assertTrue(csp.startsWith("default-src 'none'; script-src 'nonce-"), csp);
        String html = report.asString();
        assertTrue(html.contains("Recommended: cascade threshold 0.5"), html.substring(0, Math.min(html.length(), 3000)));
        assertTrue(html.contains("<canvas id=\"chart\""));
        assertTrue(html.contains("Chart.js v4.5.1"), "Chart.js is inlined");
        assertFalse(html.contains("src=\"http"), "nothing is fetched");
        assertFalse(html.contains("<script src="), "no script is loaded from anywhere");
    }

    @Test
    void aJudgeCheckAsksTheJudgeModelToScoreTheAnswerAgainstTheExpectedOne() {
        LOCAL.reset();
        LOCAL.answerTo("a small domesticated feline", "3")          // the judge's grading of the cat: its expected text
                .answerTo("you grade answers", "9")                  // and of the sky
                .answerTo("why is the sky blue", "Rayleigh scattering of sunlight.")
                .answerTo("what is a cat", "A cat is a dog.");
        String csv = "prompt,expected,check\n"
                + "Why is the sky blue?,Air scatters short blue wavelengths most (Rayleigh scattering).,judge\n"
                + "What is a cat?,A small domesticated feline.,judge\n";
        String id = start(csv, "?policies=local&judge=small");
        JsonPath run = awaitEnd(id, Duration.ofSeconds(30));
        assertEquals(List.of(true, false), run.getList("results.passed"), run.prettify());
        assertEquals("the judge (small) scored it 9/10", run.getString("results[0].detail"));
        assertEquals("the judge (small) scored it 3/10", run.getString("results[1].detail"));
        String graded = LOCAL.requests().stream().filter(q -> q.body().contains("You grade answers"))
                .map(dev.localai.standins.upstream.RecordedRequest::body).findFirst().orElseThrow();
        assertTrue(graded.contains("Rayleigh scattering of sunlight.") || graded.contains("A cat is a dog."), graded);
        assertEquals(0.5, run.getDouble("policies[0].success_rate"), 1e-9);

        Response unknown = given().contentType("text/csv").body(csv).post("/api/evals?judge=nobody");
        assertEquals(400, unknown.statusCode());
        assertEquals("judge", unknown.jsonPath().getString("error.param"));
    }

    @Test
    void answersThatWouldTakeAScriptAreShownAsText() {
        LOCAL.answerTo("say hello", "<script>alert(1)</script><img src=x onerror=alert(2)>");
        String id = start("prompt\nSay hello </script><b>bold</b>\n", "?policies=local");
        JsonPath run = awaitEnd(id, Duration.ofSeconds(30));
        assertEquals("<script>alert(1)</script><img src=x onerror=alert(2)>", run.getString("results[0].answer"));
        String html = given().get("/api/evals/" + id + "/report.html").asString();
        assertFalse(html.contains("<img src=x"), "escaped");
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assertFalse(html.contains("</script><b>"), "the name and prompt cannot end a script either");
    }

    @Test
    void badInputIsA400InOpenAisShape() {
        Response noPrompt = given().contentType("text/csv").body("question,expected\nhi,there\n").post("/api/evals");
        assertEquals(400, noPrompt.statusCode());
        assertEquals("invalid_csv", noPrompt.jsonPath().getString("error.code"));
        assertTrue(noPrompt.jsonPath().getString("error.message").contains("no 'prompt' column"));
        Response empty = given().contentType("text/csv").body("").post("/api/evals");
        assertEquals(400, empty.statusCode());
        Response onlyBad = given().contentType("text/csv").body("prompt,check\nhi,regex:(\n").post("/api/evals");
        assertEquals(400, onlyBad.statusCode());
        assertTrue(onlyBad.jsonPath().getString("error.message").contains("line 2"), onlyBad.asString());
        Response policy = given().contentType("text/csv").body("prompt\nhi\n").post("/api/evals?policies=cheap");
        assertEquals(400, policy.statusCode());
        assertEquals("policies", policy.jsonPath().getString("error.param"));
        Response threshold = given().contentType("text/csv").body("prompt\nhi\n").post("/api/evals?thresholds=2");
        assertEquals("thresholds", threshold.jsonPath().getString("error.param"));
        Response reference = given().contentType("text/csv").body("prompt\nhi\n").post("/api/evals?reference=nope/x");
        assertEquals(400, reference.statusCode());
        assertEquals("reference", reference.jsonPath().getString("error.param"));
        assertEquals(404, given().get("/api/evals/not-a-run").statusCode());
        assertEquals(404, given().get("/api/evals/00000000-0000-4000-8000-000000000000").statusCode());
        Response header = given().contentType("application/json").header("X-Router-Eval", "nope")
                .body("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").post("/v1/chat/completions");
        assertEquals(400, header.statusCode());
        Response threshold2 = given().contentType("application/json").header("X-Router-Cascade-Threshold", "0.5")
                .body("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").post("/v1/chat/completions");
        assertEquals(400, threshold2.statusCode(), "a threshold only for eval runs");
    }

    @Test
    void aCancelledRunStopsItsCallsAndAnAnswerPastItsTimeLimitIsAFailure() throws Exception {
        LOCAL.behave(Behaviour.hang());
        String id = start("prompt\none\ntwo\nthree\nfour\nfive\nsix\n", "?policies=local&concurrency=2");
        awaitChats(2);
        JsonPath cancelled = given().post("/api/evals/" + id + "/cancel").then().statusCode(200).extract().jsonPath();
        assertEquals("cancelled", cancelled.getString("status"));
        assertTrue(LOCAL.awaitCancelled(2, Duration.ofSeconds(10)), "the calls in flight are cancelled at the backend");
        assertEquals(409, given().post("/api/evals/" + id + "/cancel").statusCode(), "it is not running any more");
        assertEquals(2, LOCAL.chatRequests().size(), "no call after the cancel");

        String timed = start("prompt\nslow\n", "?policies=local&timeout=1");
        JsonPath run = awaitEnd(timed, Duration.ofSeconds(30));
        assertEquals("done", run.getString("status"));
        assertFalse(run.getBoolean("results[0].passed"));
        assertEquals("no answer within the time limit", run.getString("results[0].error"));
        assertEquals(1, run.getInt("policies[0].errors"));
        assertEquals(0.0, run.getDouble("policies[0].success_rate"), 1e-9);
        LOCAL.behave(Behaviour.normal());
        assertEquals(204, given().delete("/api/evals/" + timed).statusCode());
        assertEquals(404, given().get("/api/evals/" + timed).statusCode());
    }
}
