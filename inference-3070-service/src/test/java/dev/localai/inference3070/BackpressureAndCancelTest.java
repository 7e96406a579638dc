package dev.localai.inference3070;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static dev.localai.inference3070.ChatCompletionsTest.chat;
import static dev.localai.inference3070.ChatCompletionsTest.post;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@QuarkusTestResource(InferenceTestModels.class)
class BackpressureAndCancelTest {

    @TestHTTPResource
    URL base;

    @Test
    void aFullQueueIs503WithRetryAfter() throws Exception {
        CompletableFuture<Integer> first = CompletableFuture.supplyAsync(
                () -> post("/v1/chat/completions", chat("slow", 64, "")).statusCode());
        awaitTrue(() -> given().get("/models/status").<Integer>path("models.find { it.name == 'slow' }.in_flight") == 1);
        post("/v1/chat/completions", chat("slow", 64, "")).then().statusCode(503)
                .header("Retry-After", "1")
                .body("error.type", equalTo("service_unavailable_error"))
                .body("error.code", equalTo("model_busy"))
                .body("error.message", containsString("busy"));
        assertTrue(first.get() == 200);
    }

    @Test
    void aClientThatDisconnectsCancelsItsGeneration() throws Exception {
        String body = chat("demo-tiny", 100_000, ",\"stream\":true");          // its slot's 8,192 tokens, ~12 s, if not cancelled
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body)
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder seen = new StringBuilder();
            byte[] buffer = new byte[4096];
            while (seen.indexOf("\"content\":\"") < 0 || seen.toString().split("data: ").length < 5) {
                int n = in.read(buffer);
                assertTrue(n > 0, "stream ended early: " + seen);
                seen.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
            }
            assertTrue(seen.toString().startsWith("HTTP/1.1 200"), seen.toString());
        }
        long start = System.nanoTime();
        awaitTrue(() -> given().accept("text/plain").get("/q/metrics").asString()
                .matches("(?s).*\ninference_requests_cancelled_total\\{model=\"demo-tiny\",?} 1\\.0\n.*"));
        awaitTrue(() -> given().get("/models/status").<Integer>path("models.find { it.name == 'demo-tiny' }.in_flight") == 0);
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos());
    }

    static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "not true within 10 s");
            Thread.sleep(20);
        }
    }
}
