package dev.localai.router.routing;

import dev.localai.testsupport.postgres.PostgresResource;
import dev.localai.standins.upstream.Behaviour;
import dev.localai.standins.upstream.FakeUpstream;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.List;
import java.util.function.BooleanSupplier;

import static dev.localai.router.routing.HomeLabResource.BIG;
import static dev.localai.router.routing.HomeLabResource.CLOUD;
import static dev.localai.router.routing.HomeLabResource.SMALL;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shipped policy end to end: real HTTP to fakes standing in for the 3070, the gaming PC and the cloud. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(value = HomeLabResource.class, restrictToAnnotatedClass = true)
class HomeLabRoutingTest {

    private static final String LONG = "lorem ".repeat(5_000);      // about 5,000 tokens

    @BeforeEach
    void everythingUp() throws Exception {
        SMALL.reset();
        SMALL.answer("small answers");
        BIG.reset();
        BIG.answer("big answers").statusPage("{\"gaming_mode\":false}");
        CLOUD.reset();
        CLOUD.answer("cloud answers");
        Files.writeString(HomeLabResource.ROUTING_FILE, HomeLabResource.DEFAULT_YAML);
        awaitTrue(() -> !explain(chat("auto", "hi")).jsonPath().getBoolean("signals.gamingMode")
                && explain(chat("auto", "hi")).jsonPath().getList("signals.unavailable").isEmpty(), "all up");
    }

    @AfterEach
    void noSecretsInExplanations() {
        explain(chat("auto", "hi")).then().body(not(containsString("sk-or-test-key")));
    }

    static String chat(String model, String text) {
        return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}";
    }

    static Response post(String body, String... headers) {
        var request = given().contentType("application/json").body(body);
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return request.post("/v1/chat/completions");
    }

    static Response explain(String body, String... headers) {
        var request = given().contentType("application/json").body(body);
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return request.post("/v1/route/explain");
    }


    /** The first chat the fake received (home backends also get health probes). */
    static dev.localai.standins.upstream.RecordedRequest firstChat(FakeUpstream fake) {
        return fake.requests().stream().filter(r -> r.path().equals("/v1/chat/completions")).findFirst()
                .orElseThrow(() -> new AssertionError("no chat reached " + fake.baseUrl()));
    }

    static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for: " + what);
            Thread.sleep(50);
        }
    }

    @Test
    void aShortChatGoesToThe3070AndSaysWhy() {
        post(chat("auto", "hello")).then().statusCode(200)
                .header("X-Router-Backend", "gpu-3070")
                .header("X-Router-Model", "qwen2.5-7b-instruct")
                .header("X-Router-Reason", containsString("rule small-prompt"))
                .body("choices[0].message.content", equalTo("small answers"));
    }

    @Test
    void a5000TokenPromptGoesToThe3090WhenUpAndToTheNextInChainWhenNot() throws Exception {
        post(chat("auto", LONG)).then().statusCode(200).header("X-Router-Backend", "gaming-pc")
                .header("X-Router-Reason", containsString("rule medium-prompt"));
        BIG.statusPage(null);                                  // the PC stops answering its status: unavailable
        awaitTrue(() -> explain(chat("auto", "hi")).jsonPath().getList("signals.unavailable").contains("gaming-pc"),
                "gaming PC unavailable");
        post(chat("auto", LONG)).then().statusCode(200).header("X-Router-Backend", "gpu-3070");
        assertEquals(1, BIG.chatRequests().size());
    }

    @Test
    void gamingModeKeepsThe3090UnlessForcedBig() throws Exception {
        BIG.statusPage("{\"gaming_mode\":{\"enabled\":true,\"since\":\"2026-11-23T07:00:00Z\"}}");
        awaitTrue(() -> explain(chat("auto", "hi")).jsonPath().getBoolean("signals.gamingMode"), "gaming mode seen");
        post(chat("auto", LONG)).then().statusCode(200).header("X-Router-Backend", "gpu-3070")
                .header("X-Router-Reason", containsString("rule gaming-mode"));
        post(chat("big", "hello")).then().statusCode(503).body("error.message", containsString("gaming mode"));
        assertEquals(0, BIG.chatRequests().size(), "the 3090 must not be called in gaming mode");
        post(chat("auto", LONG), "X-Force-Big", "true").then().statusCode(200).header("X-Router-Backend", "gaming-pc");
        post(chat("big", "hello #force_big")).then().statusCode(200).header("X-Router-Backend", "gaming-pc");
        assertEquals(2, BIG.chatRequests().size());
        // the gaming PC enforces gaming mode itself: the force must reach it (the #force_big word is removed)
        List<dev.localai.standins.upstream.RecordedRequest> sent = BIG.requests().stream()
                .filter(r -> r.path().endsWith("/chat/completions")).toList();
        assertEquals(List.of("true", "true"), sent.stream().map(r -> r.header("x-force-big")).toList());
        assertTrue(sent.get(1).body().contains("\"hello\""), "the tag word was removed: " + sent.get(1).body());
    }

    @Test
    void aRequestThatIsNotForcedSendsNoForceToTheGamingPc() {
        post(chat("auto", LONG)).then().statusCode(200).header("X-Router-Backend", "gaming-pc");
        assertEquals(null, firstChat(BIG).header("x-force-big"));
    }

    @Test
    void privateAndOfflineWithTheLocalBackendsDownTriesThemAnywayThenIs503AndNothingReachesTheCloud()
            throws Exception {
        SMALL.behave(Behaviour.refuse());
        BIG.statusPage(null);
        awaitTrue(() -> explain(chat("auto", "hi")).jsonPath().getList("signals.unavailable").containsAll(
                List.of("gpu-3070", "gaming-pc")), "local backends down");
        post(chat("auto", "my medical records #private #offline")).then().statusCode(503)
                .body("error.code", equalTo("no_backend_available"))
                .body("error.message", containsString("tagged offline, private and no local backend is available"))
                .body("error.message", containsString("Tried anyway: Backend"));
        post(chat("auto", "anything"), "X-Router-Tags", "no_cloud").then().statusCode(503);
        assertEquals(0, CLOUD.chatRequests().size(), "a private request reached the cloud");
        post(chat("auto", "not private")).then().statusCode(200).header("X-Router-Backend", "openrouter");
    }

    @Test
    void aConcreteModelGoesExactlyThere() {
        post(chat("opencode/glm-4.7", "hello")).then().statusCode(200).header("X-Router-Backend", "opencode")
                .header("X-Router-Model", "glm-4.7");
        assertEquals("glm-4.7", firstChat(CLOUD).json().get("model").asText());
        assertEquals(0, SMALL.chatRequests().size() + BIG.chatRequests().size());
    }

    @Test
    void tagsAreRemovedBeforeForwardingAndTheBodyTagsFieldIsNotForwarded() {
        post("{\"messages\":[{\"role\":\"user\",\"content\":\"summarise my notes #private\"}],\"tags\":[\"docs\"]}")
                .then().statusCode(200).header("X-Router-Backend", "gpu-3070");
        var sent = firstChat(SMALL).json();
        assertEquals("summarise my notes", sent.at("/messages/0/content").asText());
        assertTrue(sent.get("tags") == null, "the router-only tags field was forwarded");
        assertEquals("llama3.1-8b-instruct", sent.get("model").asText(), "docs task type picks its model");
    }

    @Test
    void theTaskTypeHeaderPicksTheTasksModelAndUnknownTagsAreReported() {
        post(chat("auto", "write it up"), "X-Task-Type", "jira").then().statusCode(200)
                .header("X-Router-Model", "llama3.1-8b-instruct").header("X-Router-Reason", containsString("task jira"));
        explain(chat("auto", "hello #frobnicate"), "X-Router-Tags", "shiny").then()
                .body("signals.tags.unknown", org.hamcrest.Matchers.containsInAnyOrder("frobnicate", "shiny"));
    }

    @Test
    void openWebUiTitleGenerationStaysOnTheSmallModel() {
        post("{\"model\":\"auto\",\"metadata\":{\"task\":\"title_generation\"},\"messages\":[{\"role\":\"user\","
                + "\"content\":\"" + LONG + "\"}]}").then().statusCode(200).header("X-Router-Backend", "gpu-3070")
                .header("X-Router-Reason", containsString("background-task"));
    }

    @Test
    void aFailingBackendHandsTheRequestToTheNextBeforeAnyByteReachedTheClient() {
        SMALL.behaveOnce(Behaviour.status(500));
        post(chat("auto", "hello")).then().statusCode(200).header("X-Router-Backend", "openrouter")
                .header("X-Router-Reason", containsString("fallback after gpu-3070 failed with 502"));
        assertEquals("Bearer sk-or-test-key", firstChat(CLOUD).header("authorization"));
    }

    @Test
    void explainShowsSignalsRulesFiltersAndChainWithoutCallingABackend() {
        explain(chat("auto", LONG + " #private")).then().statusCode(200)
                .body("rule", equalTo("medium-prompt"))
                .body("signals.tags.known", hasItem("private"))
                .body("rules.find { it.name == 'small-prompt' }.matched", equalTo(false))
                .body("rules.find { it.name == 'small-prompt' }.why[0]", containsString(">= 2000"))
                .body("filters[0].name", equalTo("privacy"))
                .body("chain", equalTo(List.of(java.util.Map.of("backend", "gaming-pc", "model", "qwen2.5-32b-instruct"),
                        java.util.Map.of("backend", "gpu-3070", "model", "qwen2.5-7b-instruct"))));
        assertEquals(0, SMALL.chatRequests().size() + BIG.chatRequests().size() + CLOUD.chatRequests().size());
    }

    @Test
    void modelsListsAliasesAndConcreteIds() {
        given().get("/v1/models").then().statusCode(200)
                .body("data.id", hasItem("auto")).body("data.id", hasItem("claude"))
                .body("data.id", hasItem("gaming-pc/qwen2.5-32b-instruct"))
                .body("data.find { it.id == 'opencode/glm-4.7' }.owned_by", equalTo("opencode"));
    }

    @Test
    void aChangedRoutingFileIsAppliedWithoutRestartAndABrokenOneIsRejected() throws Exception {
        Files.writeString(HomeLabResource.ROUTING_FILE, HomeLabResource.DEFAULT_YAML
                .replace("\n  fast: [small]", "\n  fast: [small]\n  tiny: [small]"));
        awaitTrue(() -> given().get("/v1/models").jsonPath().getList("data.id").contains("tiny"), "reload applied");
        Files.writeString(HomeLabResource.ROUTING_FILE, "backends: {}\nrules: [nope");
        Thread.sleep(800);
        given().get("/v1/models").then().body("data.id", hasItem("tiny"));      // last good one still in force
        post(chat("tiny", "hello")).then().statusCode(200).header("X-Router-Backend", "gpu-3070");
        given().accept("text/plain").get("/q/metrics").then()
                .body(org.hamcrest.Matchers.matchesPattern(
                        "(?s).*router_routing_reloads_total\\{result=\"rejected\",?} [1-9].*"));
    }
}
