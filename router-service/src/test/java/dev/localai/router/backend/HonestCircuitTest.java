package dev.localai.router.backend;

import dev.localai.router.availability.CircuitBreakers;
import dev.localai.testsupport.postgres.PostgresResource;
import dev.localai.standins.upstream.Behaviour;
import dev.localai.standins.upstream.FakeUpstream;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.BooleanSupplier;

import static dev.localai.router.backend.HonestCircuitResource.CLOUD;
import static dev.localai.router.backend.HonestCircuitResource.LOCAL;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Only a backend's own faults open its circuit: clients that hang up, a backend that is busy or in
 * gaming mode say nothing about its health. And when every candidate is marked down or open, they
 * are tried anyway rather than refused unseen.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(value = HonestCircuitResource.class, restrictToAnnotatedClass = true)
class HonestCircuitTest {

    private static final String BUSY = "{\"error\":{\"message\":\"The model 'm' is busy: all 2 slots are taken and"
            + " 8 requests wait\",\"type\":\"service_unavailable_error\",\"param\":null,\"code\":\"model_busy\"}}";
    private static final String GAMING = "{\"error\":{\"message\":\"The gaming PC is in gaming mode\","
            + "\"type\":\"service_unavailable_error\",\"param\":null,\"code\":\"gaming_mode\"}}";

    @TestHTTPResource("/")
    URI base;

    @Inject
    CircuitBreakers guards;

    @BeforeEach
    void healthy() throws Exception {
        LOCAL.reset();
        LOCAL.answer("local answers");
        CLOUD.reset();
        CLOUD.answer("cloud answers");
        // a previous test may have opened a circuit on purpose; a success closes it (panic lets the trial in)
        given().contentType("application/json").body(chat("local-only", false)).post("/v1/chat/completions");
        given().contentType("application/json").body(chat("cloud/m", false)).post("/v1/chat/completions");
        await(() -> closed("local") && closed("cloud"), "circuits closed");
        LOCAL.reset();
        LOCAL.answer("local answers");
        CLOUD.reset();
        CLOUD.answer("cloud answers");
    }

    static String chat(String model, boolean stream) {
        return "{\"model\":\"" + model + "\",\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    }

    private boolean closed(String backend) {
        return guards.describe().getOrDefault(backend, "closed, 0").startsWith("closed, 0 consecutive failure(s), 0 in");
    }


    @Test
    void clientsThatHangUpNeverOpenAHealthyBackendsCircuit() throws Exception {
        LOCAL.behave(Behaviour.normal().headerDelay(Duration.ofSeconds(3)).chunks(20)
                .chunkDelay(Duration.ofMillis(200)));
        for (int i = 0; i < 6; i++) {
            boolean stream = i % 2 == 0;
            int sent = i + 1;
            try (Socket socket = send(chat("auto", stream))) {
                await(() -> LOCAL.chatRequests().size() >= sent, "the request reached the backend");
            }                                    // the client hangs up before the answer
        }
        await(() -> guards.describe().get("local").endsWith(" 0 in flight"), "the router saw every client leave");
        await(() -> closed("local"), "local's circuit closed with nothing in flight; " + "six clients left, the circuit stays closed: " + guards.describe());
        assertTrue(LOCAL.awaitCancelled(6, Duration.ofSeconds(10)), "each backend request was cancelled");
        LOCAL.behave(Behaviour.normal());
        given().contentType("application/json").body(chat("auto", false)).post("/v1/chat/completions").then()
                .statusCode(200).header("X-Router-Backend", "local");
        assertEquals(0, CLOUD.chatRequests().size());
    }

    @Test
    void aBusyBackendSpillsToTheNextAndKeepsItsCircuitClosed() throws Exception {
        LOCAL.behave(Behaviour.status(503, BUSY));
        for (int i = 0; i < 4; i++) {
            given().contentType("application/json").body(chat("auto", i % 2 == 0)).post("/v1/chat/completions")
                    .then().statusCode(200).header("X-Router-Backend", "cloud")
                    .header("X-Router-Reason", containsString("local busy"));
        }
        await(() -> closed("local"), "local's circuit closed with nothing in flight; " + guards.describe().toString());
        given().contentType("application/json").body(chat("local-only", false)).post("/v1/chat/completions").then()
                .statusCode(429).header("Retry-After", "1").body("error.code", equalTo("backends_busy"))
                .body("error.message", containsString("is busy"));
    }

    @Test
    void gamingModeRefusalsDoNotOpenTheCircuitSoTheGpuServesAsSoonAsItIsFree() throws Exception {
        LOCAL.behave(Behaviour.status(503, GAMING));
        for (int i = 0; i < 3; i++) {
            given().contentType("application/json").body(chat("auto", false)).post("/v1/chat/completions").then()
                    .statusCode(200).header("X-Router-Backend", "cloud");
        }
        await(() -> closed("local"), "local's circuit closed with nothing in flight; " + guards.describe().toString());
        LOCAL.behave(Behaviour.normal());                 // gaming mode off
        given().contentType("application/json").body(chat("auto", false)).post("/v1/chat/completions").then()
                .statusCode(200).header("X-Router-Backend", "local");
    }

    @Test
    void realFaultsStillOpenTheCircuit() throws Exception {
        LOCAL.behave(Behaviour.status(500));
        for (int i = 0; i < 2; i++) {
            given().contentType("application/json").body(chat("auto", false)).post("/v1/chat/completions").then()
                    .statusCode(200).header("X-Router-Backend", "cloud");
        }
        await(() -> guards.describe().get("local").startsWith("open"), "local's circuit open");
        long before = LOCAL.chatRequests().size();
        given().contentType("application/json").body(chat("auto", false)).post("/v1/chat/completions").then()
                .statusCode(200).header("X-Router-Backend", "cloud");
        assertEquals(before, LOCAL.chatRequests().size(), "an open circuit with a healthy backend behind it is not called");
    }

    @Test
    void whenEveryCandidateIsOpenTheyAreTriedAnywayAndTheReasonSaysSo() throws Exception {
        LOCAL.behave(Behaviour.status(500));
        CLOUD.behave(Behaviour.status(500));
        for (int i = 0; i < 2; i++) {
            given().contentType("application/json").body(chat("auto", false)).post("/v1/chat/completions").then()
                    .statusCode(502);
        }
        await(() -> guards.describe().get("local").startsWith("open") && guards.describe().get("cloud").startsWith("open"),
                "both circuits open");
        LOCAL.behave(Behaviour.normal());                  // the health signal is now wrong
        given().contentType("application/json").body(chat("auto", false)).post("/v1/chat/completions").then()
                .statusCode(200).header("X-Router-Backend", "local")
                .header("X-Router-Reason", containsString("panic: every candidate is marked down or its circuit open"));
        await(() -> closed("local"), "local's circuit closed with nothing in flight; " + "the trial closed the circuit: " + guards.describe());
    }

    @Test
    void aBackendTheRouterChoseThatDoesNotKnowTheModelHandsOverButAModelTheClientNamedGetsThe404() throws Exception {
        LOCAL.behave(Behaviour.status(404, "<html><body><h1>Resource not found</h1></body></html>"));
        given().contentType("application/json").body(chat("auto", false)).post("/v1/chat/completions").then()
                .statusCode(200).header("X-Router-Backend", "cloud")
                .header("X-Router-Reason", containsString("local does not serve m"));
        given().contentType("application/json").body(chat("local-only", true)).post("/v1/chat/completions").then()
                .statusCode(502).body("error.message", containsString("does not serve the model 'm'"));
        given().contentType("application/json").body(chat("local/m", false)).post("/v1/chat/completions").then()
                .statusCode(404);
        await(() -> closed("local"), "local's circuit closed with nothing in flight; " + "a misconfiguration is not an outage: " + guards.describe());
    }

    /** Sends a chat over a raw connection and leaves it open; closing the socket is the client hanging up. */
    private Socket send(String body) throws Exception {
        Socket socket = new Socket(base.getHost(), base.getPort());
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        OutputStream out = socket.getOutputStream();
        out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.flush();
        return socket;
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting: " + what);
            }
            Thread.sleep(20);
        }
    }
}
