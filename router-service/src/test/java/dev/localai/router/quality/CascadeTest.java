package dev.localai.router.quality;

import dev.localai.router.accounting.RequestLogTest;
import dev.localai.standins.upstream.Behaviour;
import dev.localai.standins.upstream.FakeUpstream;
import dev.localai.testsupport.postgres.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.localai.router.quality.CascadeResource.CLOUD;
import static dev.localai.router.quality.CascadeResource.JUDGE;
import static dev.localai.router.quality.CascadeResource.LOCAL;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The quality cascade against real HTTP fakes that script good and poor answers, plain and streamed. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(value = CascadeResource.class, restrictToAnnotatedClass = true)
class CascadeTest {

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    @TestHTTPResource("/v1/chat/completions")
    URI chatUrl;

    @BeforeEach
    void fresh() {
        for (FakeUpstream fake : List.of(LOCAL, CLOUD, JUDGE)) {
            fake.reset();
        }
        LOCAL.answer("local answers");
        CLOUD.answer("cloud answers");
    }

    static String chat(String text, boolean stream) {
        return "{\"model\":\"auto\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\""
                + text + "\"}]}";
    }

    static Response send(String body, String plan) {
        var request = given().contentType("application/json").body(body);
        if (plan != null) {
            request.header("X-Test-Plan", plan);
        }
        return request.post("/v1/chat/completions");
    }

    @Test
    void aRequestWithoutACascadeGetsTheFirstAnswerAndNoAttemptsHeader() {
        Response r = send(chat("hi", false), null);
        assertEquals(200, r.statusCode());
        assertEquals("local", r.header("X-Router-Backend"));
        assertNull(r.header("X-Router-Attempts"));
        assertFalse(LOCAL.chatRequests().get(0).body().contains("confidence"), "nothing asked of the model");
    }

    @Test
    void theCascadeTagEscalatesALocalAnswerThatReportsLowConfidence() throws Exception {
        LOCAL.answer("{\"answer\": \"maybe 5\", \"confidence\": 0.2}");
        Response r = send(chat("What is 2+3? #cascade", false), null);
        assertEquals(200, r.statusCode());
        assertEquals("cloud", r.header("X-Router-Backend"));
        assertEquals("cloud answers", r.jsonPath().getString("choices[0].message.content"));
        assertEquals("local/m;score=0.20;verdict=escalated,cloud/m;score=1.00;verdict=accepted",
                r.header("X-Router-Attempts"));
        assertEquals("accepted", r.header("X-Router-Cascade"));
        assertTrue(r.header("X-Router-Reason").contains("local scored 0.20 < 0.6, escalated"), r.header("X-Router-Reason"));
        var sent = LOCAL.chatRequests().get(0).json();
        assertEquals("system", sent.path("messages").path(0).path("role").asText());
        assertTrue(sent.path("messages").path(0).path("content").asText().contains("\"confidence\""));
        assertFalse(CLOUD.chatRequests().get(0).body().contains("\"confidence\""), "the cloud is not asked to report one");
        assertFalse(sent.toString().contains("#cascade"), "the tag is removed before forwarding");

        JsonPath row = RequestLogTest.row(r.header("X-Request-Id"));
        assertEquals("cloud", row.getString("backend"));
        assertEquals(1, row.getInt("escalations"));
        assertEquals(List.of("escalated", "accepted"), row.getList("attempts.verdict"));
        assertTrue(row.getInt("wasted_tokens") > 0, "the local answer's tokens are the request's waste");
        assertTrue(row.getInt("attempts[0].completion_tokens") > 0);
        assertEquals(0.0, row.getDouble("wasted_usd"), 1e-12, "local tokens are free");
        assertTrue(row.getDouble("cost_usd") > 0, "the cloud answer is paid for");
        JsonPath costs = given().get("/api/costs?period=day").then().statusCode(200).extract().jsonPath();
        assertTrue(costs.getLong("total.escalations") >= 1, costs.prettify());
        assertTrue(costs.getLong("total.wasted_tokens") > 0, costs.prettify());
    }

    @Test
    void aConfidentLocalAnswerIsReturnedUnwrapped() {
        LOCAL.answer("```json\n{\"answer\": \"Paris is the capital.\", \"confidence\": 0.9}\n```");
        Response r = send(chat("Capital of France? #cascade", false), null);
        assertEquals("local", r.header("X-Router-Backend"));
        assertEquals("Paris is the capital.", r.jsonPath().getString("choices[0].message.content"));
        assertEquals("local/m;score=0.90;verdict=accepted", r.header("X-Router-Attempts"));
        assertEquals(0, CLOUD.chatRequests().size());
    }

    @Test
    void whenEveryAnswerFallsShortTheBestSoFarIsReturnedAndTheResponseSaysSo() throws Exception {
        LOCAL.answer("{\"answer\": \"a guess\", \"confidence\": 0.4}");
        CLOUD.answer("");
        Response r = send(chat("Hard question #cascade", false), null);
        assertEquals(200, r.statusCode());
        assertEquals("local", r.header("X-Router-Backend"));
        assertEquals("a guess", r.jsonPath().getString("choices[0].message.content"));
        assertEquals("below-threshold", r.header("X-Router-Cascade"));
        assertEquals("local/m;score=0.40;verdict=best,cloud/m;score=0.00;verdict=rejected", r.header("X-Router-Attempts"));
        JsonPath row = RequestLogTest.row(r.header("X-Request-Id"));
        assertEquals("local", row.getString("backend"));
        assertTrue(row.getDouble("wasted_usd") > 0, "the rejected cloud answer was paid for: " + row.prettify());
        assertEquals(row.getDouble("wasted_usd"), row.getDouble("cost_usd"), 1e-12);
    }

    @Test
    void lowTokenLogProbabilitiesEscalateAndTheBackendIsAskedForThem() {
        LOCAL.logprob(-2.0);
        CLOUD.logprob(-0.05);
        Response r = send(chat("hi", false), "logprobs");
        assertEquals("cloud", r.header("X-Router-Backend"));
        assertEquals("local/m;score=0.14;verdict=escalated,cloud/m;score=0.95;verdict=accepted",
                r.header("X-Router-Attempts"));
        assertTrue(LOCAL.chatRequests().get(0).json().path("logprobs").asBoolean());
    }

    @Test
    void aBackendThatSendsNoLogprobsIsNotScoredDownForIt() {
        Response r = send(chat("hi", false), "logprobs");
        assertEquals("local", r.header("X-Router-Backend"));
        assertEquals("local/m;score=1.00;verdict=accepted", r.header("X-Router-Attempts"));
    }

    @Test
    void theJudgeModelGradesTheAnswerAndAPoorGradeEscalates() {
        JUDGE.answerOnce("2").answer("9");
        Response r = send(chat("Explain TCP", false), "judge");
        assertEquals("cloud", r.header("X-Router-Backend"));
        assertEquals("local/m;score=0.20;verdict=escalated,cloud/m;score=0.90;verdict=accepted",
                r.header("X-Router-Attempts"));
        String asked = JUDGE.chatRequests().get(0).json().path("messages").path(1).path("content").asText();
        assertTrue(asked.contains("Explain TCP") && asked.contains("local answers"), asked);
    }

    @Test
    void aJudgeModelPastItsBudgetAbstainsAndTheAnswerStands() {
        JUDGE.behave(Behaviour.hang());
        long start = System.nanoTime();
        Response r = send(chat("Explain TCP", false), "judge");
        assertEquals("local", r.header("X-Router-Backend"));
        assertEquals("local/m;verdict=accepted", r.header("X-Router-Attempts"));
        assertTrue((System.nanoTime() - start) / 1_000_000 < 5_000, "the budget bounds the wait");
        assertTrue(JUDGE.awaitCancelled(1, Duration.ofSeconds(5)), "the judge's request is dropped");
    }

    @Test
    void javaThatDoesNotParseEscalatesACodeRequest() throws Exception {
        LOCAL.answer("Here:\n```java\nclass A {\n  int f() { return 1 +; }\n}\n```");
        CLOUD.answer("Here:\n```java\nclass A {\n  int f() { return 1; }\n}\n```");
        Response r = send(chat("Write a Java class #code", false), "stream");
        assertEquals("cloud", r.header("X-Router-Backend"));
        assertEquals("local/m;score=0.20;verdict=escalated,cloud/m;score=1.00;verdict=accepted",
                r.header("X-Router-Attempts"));
        JsonPath row = RequestLogTest.row(r.header("X-Request-Id"));
        assertTrue(row.getString("attempts[0].reasons").contains("(java): line 2"), row.prettify());
    }

    @Test
    void aHeldStreamThatPassesArrivesCompleteAndInOrder() throws Exception {
        String answer = "one two three four five six seven eight nine ten eleven twelve";
        LOCAL.answer(answer);
        Streamed s = stream(chat("count", true), "stream");
        assertEquals(200, s.status);
        assertEquals("local", s.headers.get("x-router-backend"));
        assertEquals("local/m;score=1.00;verdict=accepted", s.headers.get("x-router-attempts"));
        assertEquals(answer, s.content());
        assertEquals("[DONE]", s.data.get(s.data.size() - 1));
    }

    @Test
    void aStreamedEscalationSendsTheClientNoByteOfTheRejectedAnswer() throws Exception {
        LOCAL.answer("I'm sorry, but I cannot help with that request at all, not today and not tomorrow, "
                + "whatever you ask me and however you ask it");
        LOCAL.behave(Behaviour.normal().chunkDelay(Duration.ofMillis(30)));
        CLOUD.answer("Here is the full answer you wanted.");
        Streamed s = stream(chat("help me", true), "stream");
        assertEquals(200, s.status);
        assertEquals("cloud", s.headers.get("x-router-backend"));
        assertEquals("Here is the full answer you wanted.", s.content());
        assertFalse(s.raw.contains("sorry"), s.raw);
        assertTrue(s.headers.get("x-router-attempts").startsWith("local/m;score=0.10;verdict=escalated,cloud/m;"),
                s.headers.get("x-router-attempts"));
        assertTrue(LOCAL.awaitCancelled(1, Duration.ofSeconds(5)), "the rejected local stream is cancelled");
    }

    @Test
    void aShortStreamEndingInsideTheHoldIsScoredWhole() throws Exception {
        LOCAL.answer("");
        Streamed s = stream(chat("say nothing", true), "stream");
        assertEquals("cloud", s.headers.get("x-router-backend"));
        assertEquals("cloud answers", s.content());
    }

    @Test
    void explainShowsTheCascadePlan() {
        JsonPath plan = given().contentType("application/json").body(chat("hi #cascade", false))
                .post("/v1/route/explain").then().statusCode(200).extract().jsonPath();
        assertEquals("tag cascade", plan.getString("cascade.source"));
        assertEquals(List.of("checks", "confidence"), plan.getList("cascade.judges"));
        assertEquals(0.6, plan.getDouble("cascade.threshold"), 1e-9);
        assertEquals(2, plan.getInt("cascade.maxAttempts"));
        JsonPath none = given().contentType("application/json").body(chat("hi", false))
                .post("/v1/route/explain").then().statusCode(200).extract().jsonPath();
        assertNull(none.get("cascade"));
    }

    record Streamed(int status, Map<String, String> headers, String raw, List<String> data) {
        String content() throws Exception {
            StringBuilder out = new StringBuilder();
            for (String d : data) {
                if (!d.equals("[DONE]")) {
                    out.append(JSON.readTree(d).path("choices").path(0).path("delta").path("content").asText(""));
                }
            }
            return out.toString();
        }
    }

    Streamed stream(String body, String plan) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(chatUrl)
                .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json").header("X-Test-Plan", plan)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        List<String> data = new ArrayList<>();
        for (String line : response.body().split("\n")) {
            if (line.startsWith("data: ")) {
                data.add(line.substring(6));
            }
        }
        Map<String, String> headers = new java.util.HashMap<>();
        response.headers().map().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v.get(0)));
        return new Streamed(response.statusCode(), headers, response.body(), data);
    }

}
