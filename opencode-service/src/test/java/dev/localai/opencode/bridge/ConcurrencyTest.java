package dev.localai.opencode.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import dev.localai.opencode.Await;
import dev.localai.opencode.Chat;
import dev.localai.opencode.InjectFake;
import dev.localai.opencode.OpencodeProbe;
import dev.localai.opencode.OpencodeWithFakeProvider;
import dev.localai.opencode.supervisor.OpencodeSupervisor;
import dev.localai.standins.upstream.Behaviour;
import dev.localai.standins.upstream.FakeUpstream;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Many requests at once: each is answered in full or cleanly refused (429), and no session is left behind. */
@QuarkusTest
@QuarkusTestResource(OpencodeWithFakeProvider.class)
class ConcurrencyTest {

    private static final String ANSWER = "Every concurrent request gets this whole answer.";

    @InjectFake
    FakeUpstream fake;

    @Inject
    OpencodeSupervisor supervisor;

    @Inject
    Bridge bridge;

    @TestHTTPResource("/")
    URL base;

    @BeforeEach
    void running() {
        Await.ready(fake);
    }

    @Test
    void twentyConcurrentRequestsAreAllAnsweredOrCleanlyRefusedAndEverySessionIsDeleted() throws Exception {
        fake.answer(ANSWER).behave(Behaviour.normal().chunkDelay(Duration.ofMillis(40)));
        ExecutorService clients = Executors.newFixedThreadPool(20);
        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                boolean stream = i % 2 == 0;
                var request = Chat.request(i % 3 == 0 ? "claude-sonnet-4.5" : "glm-4.7", "user", "request " + i);
                responses.add(CompletableFuture.supplyAsync(() -> Chat.post(base, stream
                        ? Chat.streamed(request, true) : request), clients));
            }
            int answered = 0;
            int refused = 0;
            for (CompletableFuture<HttpResponse<String>> future : responses) {
                HttpResponse<String> response = future.get();
                if (response.statusCode() == 200) {
                    answered++;
                    boolean streamed = response.headers().firstValue("content-type").orElse("").contains("event-stream");
                    String text = streamed ? Chat.joined(response.body(), "content")
                            : Chat.json(response.body()).at("/choices/0/message/content").asText();
                    assertEquals(ANSWER, text, response.body());
                } else if (response.statusCode() == 429) {
                    refused++;
                    JsonNode error = Chat.json(response.body()).path("error");
                    assertEquals("bridge_busy", error.path("code").asText(), response.body());
                    assertTrue(response.headers().firstValue("Retry-After").isPresent(), "429 says when to retry");
                } else {
                    fail("neither answered nor cleanly refused: " + response.statusCode() + " " + response.body());
                }
            }
            assertEquals(20, answered + refused);
            assertTrue(answered >= OpencodeWithFakeProvider.MAX_IN_FLIGHT, answered + " answered, " + refused + " refused");
        } finally {
            clients.shutdownNow();
        }
        Await.until("every session to be deleted", Duration.ofSeconds(20),
                () -> OpencodeProbe.leftOver(supervisor, bridge).isEmpty() && bridge.inFlight() == 0);
        given().accept("text/plain").get("/q/metrics").then().statusCode(200)
                .body(containsString("opencode_bridge_sessions_in_flight 0.0"))
                .body(containsString("opencode_bridge_errors_total{kind=\"bridge_busy\",}"))
                .body(containsString("opencode_bridge_time_to_first_token_seconds_count{model=\"glm-4.7\",}"))
                .body(containsString("opencode_bridge_tokens_total{model=\"glm-4.7\",type=\"completion\",}"));
    }
}
