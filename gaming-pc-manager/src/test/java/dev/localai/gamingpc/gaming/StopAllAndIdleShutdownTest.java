package dev.localai.gamingpc.gaming;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static dev.localai.gamingpc.Api.chat;
import static dev.localai.gamingpc.Api.control;
import static dev.localai.gamingpc.Api.post;
import static dev.localai.gamingpc.Api.state;
import static dev.localai.gamingpc.Api.gamingMode;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The test profile unloads after 3 s without a request (gaming-pc.idle.shutdown-after). */
@QuarkusTest
class StopAllAndIdleShutdownTest {

    @BeforeEach
    void gamingModeOffFirst() {
        gamingMode(false);
    }

    @Test
    void stopAllUnloadsEveryModelNow() {
        post("/v1/chat/completions", chat("demo-tiny", 2, "")).then().statusCode(200);
        assertEquals("ready", state("demo-tiny"));
        control("/stop-all", "").then().statusCode(200)
                .body("models.find { it.name == 'demo-tiny' }.state", equalTo("not_loaded"))
                .body("gaming_mode", equalTo(false))
                .body("stopped.unloaded", equalTo(List.of("demo-tiny")))
                .body("stopped.pending", equalTo(List.of()))
                .body("stopped.cancelled", equalTo(0));
        control("/stop-all", "").then().statusCode(200)
                .body("stopped.unloaded", equalTo(List.of()));           // nothing was left to unload
        control("/gaming-mode", "{\"enabled\":false}").then().statusCode(200)
                .body("gaming_mode", equalTo(false))
                .body("$", not(hasKey("stopped")))                         // switching off stops nothing
                .body("$", hasKey("gpu_memory"));                          // the status's own nulls stay, as in GET /status
    }

    @Test
    void unloadsEveryModelAfterTheIdleTimeAndSaysWhenInStatus() throws Exception {
        post("/v1/chat/completions", chat("demo-tiny", 2, "")).then().statusCode(200);
        String at = given().get("/status").then().statusCode(200)
                .body("idle_shutdown_after_seconds", equalTo(3))
                .body("in_flight", equalTo(0))
                .body("gpu_memory", equalTo(null))
                .extract().path("idle_shutdown_at");
        assertNotNull(at);
        Duration until = Duration.between(Instant.now(), Instant.parse(at));
        assertTrue(until.toMillis() > 1000 && until.toMillis() <= 3000, until.toString());

        long deadline = System.currentTimeMillis() + 8000;
        while (!"not_loaded".equals(state("demo-tiny")) && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
        assertEquals("not_loaded", state("demo-tiny"));
        given().get("/status").then().body("idle_shutdown_at", equalTo(null));
    }
}
