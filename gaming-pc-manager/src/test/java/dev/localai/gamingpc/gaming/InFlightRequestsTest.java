package dev.localai.gamingpc.gaming;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.localai.gamingpc.Api.chat;
import static dev.localai.gamingpc.Api.control;
import static dev.localai.gamingpc.Api.gamingMode;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The test profile cancels requests in flight (gaming-pc.in-flight=cancel, the default). */
@QuarkusTest
class InFlightRequestsTest {

    @BeforeEach
    void gamingModeOffFirst() {
        gamingMode(false);
    }

    @TestHTTPResource("/v1/chat/completions")
    URL completions;

    @AfterEach
    void off() {
        gamingMode(false);
    }

    @Test
    void gamingModeCancelsAStreamInFlightWhichEndsWithAGamingModeErrorEvent() throws Exception {
        CompletableFuture<HttpResponse<String>> running = startLongStream();
        control("/gaming-mode", "{\"enabled\":true}").then().statusCode(200)
                .body("models.find { it.name == 'demo-tiny' }.state", equalTo("not_loaded"))
                .body("in_flight", equalTo(0))
                .body("stopped.cancelled", equalTo(1))
                .body("stopped.unloaded", equalTo(List.of("demo-tiny")))
                .body("stopped.pending", equalTo(List.of()));
        HttpResponse<String> response = running.get(10, TimeUnit.SECONDS);
        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("\"code\":\"gaming_mode\""), response.body());
        assertTrue(response.body().endsWith("data: [DONE]\n\n"), response.body());
    }

    @Test
    void stopAllCancelsAStreamInFlightToo() throws Exception {
        CompletableFuture<HttpResponse<String>> running = startLongStream();
        control("/stop-all", "").then().statusCode(200)
                .body("models.find { it.name == 'demo-tiny' }.state", equalTo("not_loaded"))
                .body("stopped.cancelled", equalTo(1))
                .body("stopped.unloaded", equalTo(List.of("demo-tiny")));
        HttpResponse<String> response = running.get(10, TimeUnit.SECONDS);
        assertTrue(response.body().contains("\"code\":\"models_stopped\""), response.body());
    }

    private CompletableFuture<HttpResponse<String>> startLongStream() throws Exception {
        CompletableFuture<HttpResponse<String>> running = HttpClient.newHttpClient().sendAsync(
                HttpRequest.newBuilder(URI.create(completions.toString())).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(chat("demo-tiny", 1_000_000, ",\"stream\":true"))).build(),
                HttpResponse.BodyHandlers.ofString());
        long deadline = System.currentTimeMillis() + 10_000;
        while (!"in_use".equals(given().get("/status").path("models.find { it.name == 'demo-tiny' }.state"))) {
            assertTrue(System.currentTimeMillis() < deadline && !running.isDone(), "the stream never got going");
            Thread.sleep(20);
        }
        return running;
    }
}
