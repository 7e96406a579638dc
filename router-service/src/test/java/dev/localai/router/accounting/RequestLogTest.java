package dev.localai.router.accounting;

import dev.localai.router.routing.signals.TokenEstimator;
import dev.localai.testsupport.postgres.PostgresResource;
import dev.localai.testsupport.quarkus.FakeUpstreamResource;
import dev.localai.testsupport.quarkus.InjectFakeUpstream;
import dev.localai.standins.upstream.Behaviour;
import dev.localai.standins.upstream.FakeUpstream;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(value = FakeUpstreamResource.class, restrictToAnnotatedClass = true)
public class RequestLogTest {

    @InjectFakeUpstream
    FakeUpstream fake;

    @jakarta.inject.Inject
    RequestLogStore store;

    @jakarta.inject.Inject
    AccountingQueries queries;

    /**
     * A row is copied in as COPY's text format: what that format escapes (tab, newline, carriage return,
     * backslash, and what looks like its null marker) comes back as written, nulls stay null, money keeps
     * its digits, and a batch written twice (a retry after a lost commit) leaves one row.
     */
    @Test
    void aRowWithEveryAwkwardCharacterIsWrittenAndReadBackAsItWasAndARetriedBatchWritesItOnce() throws Exception {
        String awkward = "tab\there, line\nbreak, cr\r, back\\slash, \\N not null, émoji 🎮, 漢字, quote ' \" end";
        LogRow row = new LogRow(java.util.UUID.randomUUID(), Instant.parse("2026-12-02T03:04:05.123456Z"), null,
                awkward, "fake", null, "rule\tx", List.of("private", "code"), null, true, 7, 11, true, 12.5,
                null, 200, null, false, true, new java.math.BigDecimal("0.0000012345"), java.math.BigDecimal.ZERO,
                awkward, "nul\u0000char, lone \uD83C half", "[{\"backend\":\"local\",\"reasons\":[\"tab\\there\"],\"verdict\":\"escalated\"}]",
                1, 42, new java.math.BigDecimal("0.0000001"), java.util.UUID.randomUUID());
        store.write(List.of(row));
        store.write(List.of(row));                                    // the same batch again
        LogRow back = queries.one(row.id().toString()).orElseThrow();
        assertEquals(awkward, back.requestedModel());
        assertEquals(awkward, back.promptText());
        assertEquals("rule\tx", back.routeReason());
        assertEquals(new com.fasterxml.jackson.databind.ObjectMapper().readTree(row.attempts()),
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(back.attempts()), "a cascade's attempts, as JSON");
        assertEquals(42, back.wastedTokens());
        assertEquals(row.evalRun(), back.evalRun());
        assertEquals("nul\uFFFDchar, lone \uFFFD half", back.answerText(),
                "PostgreSQL text holds no NUL, UTF-8 no lone surrogate: each is replaced, not the batch lost");
        assertNull(back.clientKey());
        assertNull(back.ttftMs());
        assertEquals(List.of("private", "code"), back.tags());
        assertEquals(row.ts(), back.ts());
        assertEquals(0, new java.math.BigDecimal("0.0000012345").compareTo(back.costUsd()));
        assertTrue(back.stream() && back.cacheHit() && back.tokensCounted() && !back.partial());
        assertEquals(12.5, back.latencyMs());
        LogFilter atThatMoment = new LogFilter(row.ts(), row.ts().plusMillis(1), "fake", null, null,
                LogFilter.Traffic.EVAL);
        assertEquals(1, queries.page(atThatMoment, 0, 10).total(), "written once");
    }

    @BeforeEach
    void reset() {
        fake.reset();
        fake.answer("Four words, no more.");
    }

    static String chat(String model, boolean stream, String text) {
        return "{\"model\":\"" + model + "\",\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}";
    }

    /** Sends a chat and returns its request id. */
    static String send(String body, int expectedStatus) {
        return given().contentType("application/json").body(body).post("/v1/chat/completions")
                .then().statusCode(expectedStatus).extract().header("X-Request-Id");
    }

    /** The request's row, once the writer has written it. */
    public static JsonPath row(String id) throws InterruptedException {
        return row(id, null);
    }

    /** {@link #row(String)} on a router whose {@code /api} needs {@code authorization} (null: none). */
    public static JsonPath row(String id, String authorization) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            var request = given();
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            var response = request.get("/api/logs/" + id);
            if (response.statusCode() == 200) {
                return response.jsonPath();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("request " + id + " never reached the request log");
    }

    @Test
    void logsANonStreamingAnswerWithTheBackendsUsageItsCostAndWhatItSaved() throws Exception {
        String id = send(chat("auto", false, "How many words? #code"), 200);
        JsonPath row = row(id);
        assertEquals("auto", row.getString("requested_model"));
        assertEquals("fake", row.getString("backend"));
        assertEquals("fake-model", row.getString("served_model"));
        assertTrue(row.getString("route_reason").startsWith("rule otherwise"), row.getString("route_reason"));
        assertEquals(List.of("code"), row.getList("tags"));
        assertEquals("code", row.getString("task_type"));
        assertEquals(200, row.getInt("status"));
        assertFalse(row.getBoolean("partial"));
        assertFalse(row.getBoolean("tokens_counted"), "the backend's usage is taken as it is");
        int prompt = row.getInt("prompt_tokens");
        int completion = row.getInt("completion_tokens");
        assertTrue(prompt > 0 && completion > 0);
        assertEquals(0.0, row.getDouble("cost_usd"), "the fake backend is local and unpriced");
        assertEquals((prompt * 3.0 + completion * 15.0) / 1e6, row.getDouble("saved_usd"), 1e-9,
                "saved = the reference model's price for the same tokens");
        assertNotNull(row.get("ttft_ms"));
        assertTrue(row.getDouble("latency_ms") >= row.getDouble("ttft_ms"));
        assertNull(row.get("prompt_text"), "no prompt text unless configured");
        assertNull(row.get("answer_text"));
    }

    @Test
    void logsAStreamWithoutUsageWithTokensCountedFromWhatTheClientReceived() throws Exception {
        String id = send(chat("auto", true, "Stream it"), 200);
        JsonPath row = row(id);
        assertTrue(row.getBoolean("stream"));
        assertTrue(row.getBoolean("tokens_counted"), "no usage in the stream: the router counted");
        assertEquals(new TokenEstimator().exact("Four words, no more."), row.getInt("completion_tokens"),
                "the streamed text, counted with cl100k");
        assertTrue(row.getDouble("ttft_ms") > 0);
    }

    @Test
    void logsARefusedRequestWithItsStatusAndNoBackend() throws Exception {
        String id = send(chat("no-such-model", false, "hi"), 404);
        JsonPath row = row(id);
        assertEquals(404, row.getInt("status"));
        assertNull(row.get("backend"));
        assertTrue(row.getString("error").contains("no-such-model"), row.getString("error"));
        assertEquals(0.0, row.getDouble("saved_usd"));

        String malformed = send("{\"messages\": [", 400);
        assertEquals(400, row(malformed).getInt("status"), "even a request that cannot be parsed has its row");
    }

    @Test
    void logsAStreamCutShortByTheBackendAsPartial() throws Exception {
        fake.behave(Behaviour.dropMidStream(2).chunks(6));
        String id = send(chat("auto", true, "Cut me off"), 200);
        JsonPath row = row(id);
        assertTrue(row.getBoolean("partial"));
        assertEquals(200, row.getInt("status"), "the client had its headers and part of the answer");
        assertTrue(row.getString("error").contains("fake"), row.getString("error"));
    }

    @Test
    void pagesAndFiltersTheLogNewestFirst() throws Exception {
        Instant before = Instant.now();
        String[] ids = {send(chat("auto", false, "one"), 200), send(chat("auto", false, "two"), 200),
                send(chat("missing-model", false, "three"), 404)};
        for (String id : ids) {
            row(id);
        }
        JsonPath page = given().queryParam("from", before.toString()).queryParam("status", 200).queryParam("size", 1)
                .get("/api/logs").then().statusCode(200).extract().jsonPath();
        assertEquals(2, page.getInt("total"));
        assertEquals(List.of(ids[1]), page.getList("data.id"), "newest first, one per page");
        JsonPath second = given().queryParam("from", before.toString()).queryParam("status", 200)
                .queryParam("size", 1).queryParam("page", 1).get("/api/logs").then().extract().jsonPath();
        assertEquals(List.of(ids[0]), second.getList("data.id"));
        assertEquals(0, given().queryParam("from", before.toString()).queryParam("backend", "down")
                .get("/api/logs").then().extract().jsonPath().getInt("total"));

        given().queryParam("from", "yesterday").get("/api/logs").then().statusCode(400)
                .body("error.param", equalTo("from")).body("error.message", containsString("ISO-8601"));
        given().queryParam("size", 100000).get("/api/logs").then().statusCode(400).body("error.param", equalTo("size"));
        given().get("/api/logs/not-an-id").then().statusCode(404).body("error.code", equalTo("not_found"));
    }

    @Test
    void exportsTheLogAsJsonLinesOldestFirst() throws Exception {
        Instant before = Instant.now();
        String first = send(chat("auto", false, "export one"), 200);
        String second = send(chat("auto", false, "export two"), 200);
        row(first);
        row(second);
        String body = given().queryParam("from", before.toString()).get("/api/logs/export")
                .then().statusCode(200).contentType(containsString("application/x-ndjson")).extract().asString();
        List<String> lines = Arrays.stream(body.split("\n")).filter(l -> !l.isBlank()).toList();
        assertEquals(2, lines.size(), body);
        assertEquals(first, JsonPath.from(lines.get(0)).getString("id"));
        assertEquals(second, JsonPath.from(lines.get(1)).getString("id"));
    }

    @Test
    void costsAndSavingsAddUpTheLoggedRequests() throws Exception {
        row(send(chat("auto", false, "cost me"), 200));
        JsonPath costs = given().queryParam("period", "day").get("/api/costs").then().statusCode(200)
                .extract().jsonPath();
        assertEquals("day", costs.getString("period"));
        assertEquals("USD", costs.getString("currency"));
        long total = costs.getLong("total.requests");
        long grouped = costs.getList("groups.requests", Long.class).stream().mapToLong(Long::longValue).sum();
        assertEquals(total, grouped, "the groups add up to the total");
        assertTrue(costs.getList("groups.backend").contains("fake"));

        JsonPath savings = given().get("/api/savings").then().statusCode(200).extract().jsonPath();
        assertEquals("openrouter/anthropic/claude-sonnet-4.5", savings.getString("reference"));
        assertTrue(savings.getDouble("periods.day.saved_usd") > 0);
        assertTrue(savings.getLong("periods.all.requests") >= savings.getLong("periods.month.requests"));

        given().queryParam("period", "year").get("/api/costs").then().statusCode(400)
                .body("error.param", equalTo("period"));
    }

    @Test
    void simulatesPureCloudPureLocalAndTheCurrentPolicy() throws Exception {
        row(send(chat("auto", false, "simulate me"), 200));
        JsonPath given = given().contentType("application/json")
                .body("{\"days\":30,\"requests_per_day\":100,\"prompt_tokens\":1000,\"completion_tokens\":500}")
                .post("/api/costs/simulate").then().statusCode(200).extract().jsonPath();
        assertEquals("given", given.getString("workload"));
        // 3,000 requests x (1,000 x 3 + 500 x 15) / 1e6 USD at the reference price
        assertEquals(3000 * (1000 * 3.0 + 500 * 15.0) / 1e6,
                given.getDouble("scenarios.find { it.name == 'pure_cloud' }.cost_usd"), 1e-6);
        assertEquals(0.0, given.getDouble("scenarios.find { it.name == 'pure_local' }.cost_usd"));
        assertEquals(0.0, given.getDouble("scenarios.find { it.name == 'hybrid' }.cost_usd"),
                "everything so far went to the free local fake");

        JsonPath observed = given().contentType("application/json").body("{\"days\":7}")
                .post("/api/costs/simulate").then().statusCode(200).extract().jsonPath();
        assertTrue(observed.getString("workload").startsWith("observed:"), observed.getString("workload"));
        assertTrue(observed.getDouble("prompt_tokens") > 0);

        given().contentType("application/json").body("{\"days\":0}").post("/api/costs/simulate")
                .then().statusCode(400).body("error.param", equalTo("days"));
    }
}
