package dev.localai.router.backend;

import dev.localai.testsupport.postgres.PostgresResource;
import dev.localai.standins.upstream.Behaviour;
import dev.localai.standins.upstream.FakeUpstream;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.localai.router.backend.FallbackResource.CLOUD;
import static dev.localai.router.backend.FallbackResource.LOCAL;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Fault injection along a chain of two real HTTP fakes: what the client sees, how fast, and who served. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(value = FallbackResource.class, restrictToAnnotatedClass = true)
class FallbackTest {

    @TestHTTPResource("/v1/chat/completions")
    URI chatUrl;

    @BeforeEach
    void healthy() throws Exception {
        LOCAL.reset();
        LOCAL.answer("local answers");
        CLOUD.reset();
        CLOUD.answer("cloud answers");
        Thread.sleep(1_100);            // past any breaker's cooldown and a few health probes of a revived local
        given().contentType("application/json").body(chat(false)).post("/v1/chat/completions").then()
                .statusCode(200).header("X-Router-Backend", "local");        // the half-open trial closes it
        LOCAL.reset();
        LOCAL.answer("local answers");
        CLOUD.reset();
        CLOUD.answer("cloud answers");
    }

    static String chat(boolean stream) {
        return "{\"model\":\"auto\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    }


    static Response post(boolean stream) {
        return given().contentType("application/json").body(chat(stream)).post("/v1/chat/completions");
    }

    static long timed(Runnable call) {
        long start = System.nanoTime();
        call.run();
        return (System.nanoTime() - start) / 1_000_000;
    }

    @ParameterizedTest(name = "stream={0}")
    @ValueSource(booleans = {false, true})
    void localFailsTwiceThenCloudServes(boolean stream) {
        LOCAL.behave(Behaviour.status(500));
        Response response = post(stream);
        response.then().statusCode(200).header("X-Router-Backend", "cloud")
                .header("X-Router-Reason", containsString("local failed with 502, retried"))
                .header("X-Router-Reason", containsString("fallback after local failed with 502"));
        assertTrue(response.asString().contains(stream ? "cloud" : "cloud answers"));
        assertEquals(2, LOCAL.chatRequests().size(), "attempts: 2 on local");
        assertEquals(1, CLOUD.chatRequests().size());
    }

    @ParameterizedTest(name = "stream={0}")
    @ValueSource(booleans = {false, true})
    void connectionRefusedMovesOnAtOnce(boolean stream) {
        LOCAL.behave(Behaviour.refuse());
        long took = timed(() -> post(stream).then().statusCode(200).header("X-Router-Backend", "cloud"));
        assertTrue(took < 2_000, "took " + took + " ms");
    }

    @ParameterizedTest(name = "stream={0}")
    @ValueSource(booleans = {false, true})
    void aHangBeforeTheFirstTokenMovesOnAfterTheFirstTokenTimeout(boolean stream) {
        LOCAL.behave(stream ? Behaviour.hangAfterHeaders() : Behaviour.hang());
        long took = timed(() -> post(stream).then().statusCode(200).header("X-Router-Backend", "cloud")
                .header("X-Router-Reason", containsString("fallback after local failed with 504")));
        assertTrue(took >= 1_900 && took < 6_000, "two attempts of 1 s first-token each, then cloud; took " + took);
    }

    @ParameterizedTest(name = "stream={0}")
    @ValueSource(booleans = {false, true})
    void aRateLimitedBackendMovesOn(boolean stream) {
        LOCAL.behave(Behaviour.rateLimited(Duration.ofSeconds(30)));
        post(stream).then().statusCode(200).header("X-Router-Backend", "cloud");
    }

    @ParameterizedTest(name = "stream={0}")
    @ValueSource(booleans = {false, true})
    void aRequestErrorGoesBackToTheClientAndIsNotRetried(boolean stream) {
        LOCAL.behave(Behaviour.status(400, "{\"error\":{\"message\":\"'top_p' must be at most 1\","
                + "\"type\":\"invalid_request_error\",\"param\":\"top_p\",\"code\":null}}"));
        post(stream).then().statusCode(400).body("error.param", equalTo("top_p"))
                .body("error.message", containsString("'top_p' must be at most 1"));
        assertEquals(1, LOCAL.chatRequests().size());
        assertEquals(0, CLOUD.chatRequests().size());
    }

    @ParameterizedTest(name = "stream={0}")
    @ValueSource(booleans = {false, true})
    void aPromptLongerThanOneBackendsContextGoesToTheNextAndOpensNoCircuit(boolean stream) {
        // llama-server's answer (tools/server/server.cpp: ERROR_TYPE_EXCEED_CONTEXT_SIZE)
        LOCAL.behave(Behaviour.status(400, "{\"error\":{\"code\":400,\"message\":\"the request exceeds the"
                + " available context size, try increasing it\",\"type\":\"exceed_context_size_error\","
                + "\"n_prompt_tokens\":9000,\"n_ctx\":8192}}"));
        for (int i = 0; i < 3; i++) {                    // more than the 2 failures that open local's circuit
            post(stream).then().statusCode(200).header("X-Router-Backend", "cloud")
                    .header("X-Router-Reason", containsString("local context too small"));
        }
        assertEquals(3, LOCAL.chatRequests().size(), "tried once per request, not retried, never skipped");
        assertEquals(3, CLOUD.chatRequests().size());
    }

    @ParameterizedTest(name = "stream={0}")
    @ValueSource(booleans = {false, true})
    void aPromptNoBackendCanFitIs400ContextLengthExceeded(boolean stream) {
        LOCAL.behave(Behaviour.status(400, "{\"error\":{\"message\":\"The prompt is 9000 tokens; the model 'm' has"
                + " 4096 tokens of context per request\",\"type\":\"invalid_request_error\",\"param\":\"messages\","
                + "\"code\":\"context_length_exceeded\"}}"));
        // OpenAI's answer to a prompt over the model's context
        CLOUD.behave(Behaviour.status(400, "{\"error\":{\"message\":\"This model's maximum context length is"
                + " 128000 tokens. However, your messages resulted in 130000 tokens.\",\"type\":"
                + "\"invalid_request_error\",\"param\":\"messages\",\"code\":\"context_length_exceeded\"}}"));
        post(stream).then().statusCode(400)
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.param", equalTo("messages"))
                .body("error.code", equalTo("context_length_exceeded"))
                .body("error.message", containsString("maximum context length is 128000 tokens"));
        assertEquals(1, LOCAL.chatRequests().size());
        assertEquals(1, CLOUD.chatRequests().size());
    }

    @Test
    void aStreamThatStallsAfterItsFirstChunkEndsWithAnErrorEventWithinTheGap() {
        LOCAL.behave(Behaviour.normal().chunks(3).chunkDelay(Duration.ofSeconds(20)));
        String body = given().contentType("application/json").body(chat(true)).post("/v1/chat/completions")
                .then().statusCode(200).header("X-Router-Backend", "local").extract().asString();
        assertTrue(body.contains("went silent for 1000 ms between chunks"), body);
        assertTrue(body.trim().endsWith("data: [DONE]"), body);
        assertEquals(0, CLOUD.chatRequests().size(), "no switch once the client has bytes");
    }

    @Test
    void anOpenCircuitSkipsTheBackendWithoutCallingItThenAProbeClosesIt() throws Exception {
        LOCAL.behave(Behaviour.status(500));
        post(false).then().statusCode(200).header("X-Router-Backend", "cloud");      // 2 failures: circuit opens
        long before = LOCAL.chatRequests().size();
        post(false).then().statusCode(200).header("X-Router-Backend", "cloud");
        assertEquals(before, LOCAL.chatRequests().size(), "an open circuit must not be called");
        given().get("/q/health/ready").then().body("checks.find { it.name == 'backends' }.data.local",
                containsString("circuit open"));
        given().accept("text/plain").get("/q/metrics").then()
                .body(containsString("router_backend_circuit_open{backend=\"local\""));
        LOCAL.behave(Behaviour.normal());
        Thread.sleep(1_100);
        post(false).then().statusCode(200).header("X-Router-Backend", "local");       // half-open trial succeeds
        given().get("/q/health/ready").then().body("checks.find { it.name == 'backends' }.data.local",
                containsString("circuit closed"));
    }

    @Test
    void requestsAboveTheInFlightBoundSpillAndWhenEverythingIsFullTheClientGets429() throws Exception {
        LOCAL.behave(Behaviour.normal().headerDelay(Duration.ofMillis(800)));
        CLOUD.behave(Behaviour.normal().headerDelay(Duration.ofMillis(800)));
        HttpClient client = HttpClient.newHttpClient();
        List<CompletableFuture<HttpResponse<String>>> calls = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {         // local takes 1, cloud 2, the fourth finds everything full
            calls.add(client.sendAsync(HttpRequest.newBuilder(chatUrl).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(chat(false))).build(), HttpResponse.BodyHandlers.ofString()));
            Thread.sleep(50);
        }
        List<HttpResponse<String>> responses = calls.stream().map(CompletableFuture::join).toList();
        assertEquals(1, responses.stream().filter(r -> "local".equals(r.headers().firstValue("x-router-backend").orElse(null))).count());
        assertEquals(2, responses.stream().filter(r -> "cloud".equals(r.headers().firstValue("x-router-backend").orElse(null))).count());
        HttpResponse<String> full = responses.stream().filter(r -> r.statusCode() == 429).findFirst().orElseThrow(
                () -> new AssertionError("no 429 among " + responses.stream().map(HttpResponse::statusCode).toList()));
        assertEquals("1", full.headers().firstValue("retry-after").orElse(null));
        assertTrue(full.body().contains("backends_busy"), full.body());
    }

    @Test
    void twoHundredConcurrentStreamsWhileTheLocalBackendDiesAndComesBackNeverHang() throws Exception {
        LOCAL.behave(Behaviour.normal().chunks(5).chunkDelay(Duration.ofMillis(20)));
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        List<CompletableFuture<HttpResponse<String>>> calls = new java.util.ArrayList<>();
        for (int i = 0; i < 200; i++) {
            calls.add(client.sendAsync(HttpRequest.newBuilder(chatUrl).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                            chat(true).replace("\"auto\"", "\"wide\"")))
                    .build(), HttpResponse.BodyHandlers.ofString()));
            if (i == 60) {
                LOCAL.behave(Behaviour.dropMidStream(2));          // dies mid-stream
            } else if (i == 120) {
                LOCAL.behave(Behaviour.refuse());                  // gone
            } else if (i == 160) {
                LOCAL.reset();                                      // back
            }
            Thread.sleep(5);
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        int ok = 0;
        int errorEvents = 0;
        int statusErrors = 0;
        for (CompletableFuture<HttpResponse<String>> call : calls) {
            HttpResponse<String> r = call.join();
            if (r.statusCode() != 200) {
                statusErrors++;
                assertTrue(r.body().contains("\"error\""), r.body());
                continue;
            }
            assertTrue(r.body().trim().endsWith("data: [DONE]"), "a stream ended without [DONE]: " + r.body());
            if (r.body().contains("\"error\"")) {
                errorEvents++;
            } else {
                ok++;
            }
        }
        System.out.printf("200 streams: %d complete, %d ended with an error event, %d refused with a status%n",
                ok, errorEvents, statusErrors);
        assertEquals(200, ok + errorEvents + statusErrors);
        assertEquals(0, statusErrors, "with cloud behind local, no request should fail before its first byte");
        assertTrue(ok >= 60, "the streams sent before local died, at least, complete: " + ok);
    }
}
