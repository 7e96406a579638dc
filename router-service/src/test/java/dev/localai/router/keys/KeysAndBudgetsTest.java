package dev.localai.router.keys;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@TestProfile(KeysTestProfile.class)
class KeysAndBudgetsTest {

    static final String ADMIN = "Bearer admin-secret-for-tests";
    static final String CHAT = "{\"messages\":[{\"role\":\"user\",\"content\":\"Say ok\"}],\"max_tokens\":10}";

    /** Creates a key with the given JSON settings and returns its secret. */
    static String createKey(String json) {
        return given().header("Authorization", ADMIN).contentType("application/json").body(json)
                .post("/admin/keys").then().statusCode(201).body("key", startsWith("lar-"))
                .extract().path("key");
    }

    static Response chat(String key, String body) {
        return given().header("Authorization", "Bearer " + key).contentType("application/json").body(body)
                .post("/v1/chat/completions");
    }

    @Test
    void theAdminApiNeedsTheAdminKey() {
        given().contentType("application/json").body("{\"name\":\"x\"}").post("/admin/keys")
                .then().statusCode(401).body("error.code", equalTo("invalid_api_key"));
        given().header("Authorization", "Bearer wrong").get("/admin/keys")
                .then().statusCode(401).body("error.message", equalTo("Incorrect admin key."));
        given().header("Authorization", ADMIN).contentType("application/json").body("{\"daily_budget_usd\": 1}")
                .post("/admin/keys").then().statusCode(400).body("error.param", equalTo("name"));
        given().header("Authorization", ADMIN).contentType("application/json").body("{\"name\":\"n\",\"over_budget\":\"maybe\"}")
                .post("/admin/keys").then().statusCode(400).body("error.param", equalTo("over_budget"));
    }

    @Test
    void aKeyIsShownOnceStoredAsAHashAndRequiredOnceAnyExists() throws Exception {
        String key = createKey("{\"name\":\"laptop\"}");
        given().header("Authorization", ADMIN).get("/admin/keys").then().statusCode(200)
                .body("data.find { it.name == 'laptop' }.prefix", equalTo(key.substring(0, 8) + "…"))
                .body(not(containsString(key)));
        Thread.sleep(1200);

        given().contentType("application/json").body(CHAT).post("/v1/chat/completions")
                .then().statusCode(401).body("error.code", equalTo("invalid_api_key"))
                .body("error.message", containsString("Authorization: Bearer"));
        chat("lar-not-a-key", CHAT).then().statusCode(401).body("error.message", startsWith("Incorrect API key"));
        String id = chat(key, CHAT).then().statusCode(200).extract().header("X-Request-Id");
        assertEquals("laptop", logRow(id).getString("client_key"));
    }

    @Test
    void aRevokedKeyStopsWorkingAtOnce() {
        String key = createKey("{\"name\":\"old-phone\"}");
        chat(key, CHAT).then().statusCode(200);
        String id = given().header("Authorization", ADMIN).get("/admin/keys").jsonPath()
                .getString("data.find { it.name == 'old-phone' }.id");
        given().header("Authorization", ADMIN).delete("/admin/keys/" + id).then().statusCode(200)
                .body("revoked_at", notNullValue());
        chat(key, CHAT).then().statusCode(401);
    }

    @Test
    void aKeyOverItsRequestsPerMinuteGets429WithRetryAfter() {
        String key = createKey("{\"name\":\"script\",\"requests_per_minute\":3}");
        for (int i = 0; i < 3; i++) {
            chat(key, CHAT).then().statusCode(200);
        }
        chat(key, CHAT).then().statusCode(429).header("Retry-After", notNullValue())
                .body("error.code", equalTo("rate_limit_exceeded"));
    }

    @Test
    void forcedTagsAndAllowedBackendsHoldADeviceToLocal() {
        String kid = createKey("{\"name\":\"kids-tablet\",\"forced_tags\":[\"private\"]}");
        chat(kid, CHAT).then().statusCode(200).header("X-Router-Backend", "local");

        String localOnly = createKey("{\"name\":\"nas\",\"allowed_backends\":[\"local\"]}");
        chat(localOnly, CHAT).then().statusCode(200).header("X-Router-Backend", "local");
        chat(localOnly, CHAT.replace("{\"messages\"", "{\"model\":\"paid/paid-model\",\"messages\""))
                .then().statusCode(403).body("error.code", equalTo("backend_not_allowed"));
    }

    @Test
    void onlyTheAdministratorMaySendEvalTrafficWhichCountsOnNoKeysBudget() throws InterruptedException {
        String key = createKey("{\"name\":\"eval-sneak\",\"daily_budget_usd\":0.01}");
        given().header("Authorization", "Bearer " + key).header("X-Router-Eval", java.util.UUID.randomUUID().toString())
                .contentType("application/json").body(CHAT).post("/v1/chat/completions")
                .then().statusCode(403).body("error.code", org.hamcrest.Matchers.equalTo("eval_needs_admin"));
        given().header("X-Router-Eval", java.util.UUID.randomUUID().toString()).contentType("application/json")
                .body(CHAT).post("/v1/chat/completions").then().statusCode(401);
        String run = java.util.UUID.randomUUID().toString();
        Response admin = given().header("Authorization", ADMIN).header("X-Router-Eval", run)
                .contentType("application/json").body(CHAT).post("/v1/chat/completions");
        admin.then().statusCode(200);
        assertEquals(run, dev.localai.router.accounting.RequestLogTest.row(admin.header("X-Request-Id"), ADMIN)
                .getString("eval_run"), "logged as the run's");
    }

    @Test
    void aSpentBudgetDropsPaidBackendsAndLocalKeepsServing() {
        String key = createKey("{\"name\":\"budget-local\",\"daily_budget_usd\":0.05}");
        List<String> backends = new ArrayList<>();
        Response last = null;
        while (backends.size() < 30 && !backends.contains("local")) {
            last = chat(key, CHAT);
            last.then().statusCode(200);
            backends.add(last.header("X-Router-Backend"));
        }
        assertEquals("paid", backends.get(0), "paid first while the budget lasts");
        assertEquals("local", backends.get(backends.size() - 1), "then local: " + backends);
        assertTrue(last.header("X-Router-Reason").contains("budget of key 'budget-local' spent"),
                last.header("X-Router-Reason"));
        chat(key, CHAT).then().statusCode(200).header("X-Router-Backend", "local");
    }

    @Test
    void fiftyConcurrentPaidRequestsNeverSpendMoreThanTheBudgetPlusOneRequest() throws Exception {
        // each request: about 12 prompt tokens + at most 10 completion tokens at 1,000 USD per million each way
        double budget = 0.2;
        String key = createKey("{\"name\":\"burst\",\"daily_budget_usd\":" + budget + ",\"over_budget\":\"refuse\"}");
        ExecutorService pool = Executors.newFixedThreadPool(50);
        List<Future<Integer>> results = new ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) {
                Callable<Integer> call = () -> chat(key, CHAT).statusCode();
                results.add(pool.submit(call));
            }
            int ok = 0;
            int refused = 0;
            for (Future<Integer> f : results) {
                int status = f.get();
                ok += status == 200 ? 1 : 0;
                refused += status == 429 ? 1 : 0;
            }
            assertEquals(50, ok + refused, "each request is served or refused, nothing else");
            assertTrue(ok >= 8 && refused > 0, ok + " served, " + refused + " refused");
        } finally {
            pool.shutdownNow();
        }
        JsonPath costs = awaitCosts("burst", results.size());
        double spent = costs.getDouble("cost");
        double oneRequest = costs.getDouble("max");
        assertTrue(spent <= budget + oneRequest + 1e-9, "spent " + spent + " of " + budget);
        Response refused = null;
        for (int i = 0; i < 300 && (refused == null || refused.statusCode() != 429); i++) {
            refused = chat(key, CHAT);
        }
        refused.then().statusCode(429).body("error.code", equalTo("budget_exceeded"))
                .header("Retry-After", notNullValue());
    }

    @Test
    void revokingEveryKeyLeavesTheRouterClosedAndTheAdminKeyStillServes() {
        String key = createKey("{\"name\":\"only-one\"}");
        chat(key, CHAT).then().statusCode(200);
        for (String id : given().header("Authorization", ADMIN).get("/admin/keys").jsonPath()
                .getList("data.findAll { it.revoked_at == null }.id", String.class)) {
            given().header("Authorization", ADMIN).delete("/admin/keys/" + id).then().statusCode(200);
        }
        given().contentType("application/json").body(CHAT).post("/v1/chat/completions").then().statusCode(401)
                .body("error.code", equalTo("invalid_api_key"));
        chat(key, CHAT).then().statusCode(401);
        given().header("Authorization", ADMIN).contentType("application/json").body(CHAT)
                .post("/v1/chat/completions").then().statusCode(200);
    }

    @Test
    void unknownTagsAndBackendsInAKeyAreRefusedByName() {
        given().header("Authorization", ADMIN).contentType("application/json")
                .body("{\"name\":\"typo\",\"forced_tags\":[\"privat\",\"code\"]}").post("/admin/keys").then()
                .statusCode(400).body("error.param", equalTo("forced_tags"))
                .body("error.message", containsString("privat")).body("error.message", containsString("private"));
        given().header("Authorization", ADMIN).contentType("application/json")
                .body("{\"name\":\"typo\",\"allowed_backends\":[\"local\",\"nope\"]}").post("/admin/keys").then()
                .statusCode(400).body("error.param", equalTo("allowed_backends"))
                .body("error.message", containsString("'allowed_backends': nope"));
        given().header("Authorization", ADMIN).contentType("application/json")
                .body("{\"name\":\"tidy\",\"forced_tags\":[\"#Private\",\"force-big\"]}").post("/admin/keys").then()
                .statusCode(201).body("info.forced_tags", equalTo(List.of("private", "force_big")));
    }

    @Test
    void aCachedAnswerServesOnlyTheKeyThatGotItAndObeysEachKeysRules() {
        String open = createKey("{\"name\":\"cache-open\"}");
        String other = createKey("{\"name\":\"cache-other\"}");
        String home = createKey("{\"name\":\"cache-private\",\"forced_tags\":[\"private\"]}");
        String localOnly = createKey("{\"name\":\"cache-local\",\"allowed_backends\":[\"local\"]}");
        String body = "{\"temperature\":0,\"messages\":[{\"role\":\"user\",\"content\":\"cache me\"}]}";
        chat(open, body).then().statusCode(200).header("X-Router-Backend", "paid").header("X-Router-Cache", (String) null);
        chat(open, body).then().statusCode(200).header("X-Router-Cache", "hit");
        chat(other, body).then().statusCode(200).header("X-Router-Cache", (String) null);
        chat(home, body).then().statusCode(200).header("X-Router-Backend", "local").header("X-Router-Cache", (String) null);
        chat(home, body).then().statusCode(200).header("X-Router-Backend", "local").header("X-Router-Cache", "hit");
        chat(localOnly, body).then().statusCode(200).header("X-Router-Backend", "local")
                .header("X-Router-Cache", (String) null);
    }

    /** Sum and largest single cost of a key's logged requests, once all of them are in the log. */
    static JsonPath awaitCosts(String keyName, int requests) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            JsonPath page = given().header("Authorization", ADMIN).queryParam("key", keyName).queryParam("size", 500)
                    .get("/api/logs").jsonPath();
            if (page.getInt("total") >= requests) {
                List<Float> costs = page.getList("data.cost_usd", Float.class);
                double sum = costs.stream().mapToDouble(Float::doubleValue).sum();
                double max = costs.stream().mapToDouble(Float::doubleValue).max().orElse(0);
                return JsonPath.from("{\"cost\":" + sum + ",\"max\":" + max + "}");
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the log never had " + requests + " rows for key " + keyName);
    }

    static JsonPath logRow(String id) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            Response r = given().header("Authorization", ADMIN).get("/api/logs/" + id);
            if (r.statusCode() == 200) {
                return r.jsonPath();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no log row " + id);
    }
}
