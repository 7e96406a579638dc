package dev.localai.router.quality;

import dev.localai.standins.upstream.Behaviour;
import dev.localai.testsupport.postgres.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.localai.router.quality.CascadeResource.CLOUD;
import static dev.localai.router.quality.CascadeResource.JUDGE;
import static dev.localai.router.quality.CascadeResource.LOCAL;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** "The 3070 decides": the small model labels complexity within its budget; the heuristic stands when it cannot. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(value = CascadeResource.class, restrictToAnnotatedClass = true)
class ClassifierTest {

    @BeforeEach
    void fresh() {
        LOCAL.reset();
        CLOUD.reset();
        JUDGE.reset();
    }

    static JsonPath explain(String text) {
        return given().contentType("application/json").header("X-Test-Plan", "classify")
                .body(CascadeTest.chat(text, false)).post("/v1/route/explain").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void theSmallModelsLabelDecidesTheRouteAndIsCachedByPrompt() {
        JUDGE.answer("Complex.");
        Response r = given().contentType("application/json").header("X-Test-Plan", "classify")
                .body(CascadeTest.chat("hi there, small model", false)).post("/v1/chat/completions");
        assertEquals("cloud", r.header("X-Router-Backend"), "the model said complex, where the heuristic says simple");
        var chats = JUDGE.chatRequests();
        assertTrue(chats.get(0).body().contains("simple, medium, complex or reasoning"), chats.get(0).body());
        JsonPath plan = explain("hi there, small model");
        assertEquals("complex", plan.getString("signals.complexity.label"));
        assertEquals("model judge/j", plan.getString("signals.complexity.by"));
        assertEquals("hard", plan.getString("rule"));
        assertEquals(1, JUDGE.chatRequests().size(),
                "the second time the label came from the cache");
    }

    @Test
    void aLabellerPastItsBudgetLeavesTheHeuristicsLabelAndExplainSaysSo() {
        JUDGE.behave(Behaviour.hang());
        long start = System.nanoTime();
        JsonPath plan = explain("Prove step by step that the square root of 2 is irrational, then derive a bound.");
        assertTrue((System.nanoTime() - start) / 1_000_000 < 3_000, "the budget bounds the wait");
        assertEquals("reasoning", plan.getString("signals.complexity.label"));
        assertEquals("heuristic", plan.getString("signals.complexity.by"));
        assertTrue(plan.getList("signals.complexity.reasons").toString().contains("no answer within 300 ms"),
                plan.getList("signals.complexity.reasons").toString());
        assertEquals("hard", plan.getString("rule"));
    }

    @Test
    void aLabellerThatNamesNoLabelLeavesTheHeuristicsLabel() {
        JUDGE.answer("purple monkey dishwasher");
        JsonPath plan = explain("thanks!");
        assertEquals("simple", plan.getString("signals.complexity.label"));
        assertEquals("heuristic", plan.getString("signals.complexity.by"));
        assertEquals("local-then-cloud", plan.getString("rule"));
    }
}
