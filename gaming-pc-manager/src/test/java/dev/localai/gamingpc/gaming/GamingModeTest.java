package dev.localai.gamingpc.gaming;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.localai.gamingpc.Api.chat;
import static dev.localai.gamingpc.Api.control;
import static dev.localai.gamingpc.Api.gamingMode;
import static dev.localai.gamingpc.Api.post;
import static dev.localai.gamingpc.Api.state;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class GamingModeTest {

    @AfterEach
    void gamingModeOff() {
        gamingMode(false);
    }

    @Test
    void gamingModeOnUnloadsALoadedModelRefusesNormalRequestsAndServesForcedOnes() throws Exception {
        post("/v1/chat/completions", chat("demo-tiny", 4, "")).then().statusCode(200);
        assertEquals("ready", state("demo-tiny"));

        control("/gaming-mode", "{\"enabled\":true}").then().statusCode(200)
                .body("gaming_mode", equalTo(true)).body("why", equalTo("manual")).body("since", notNullValue())
                .body("models.find { it.name == 'demo-tiny' }.state", equalTo("not_loaded"));

        post("/v1/chat/completions", chat("demo-tiny", 4, "")).then().statusCode(503)
                .body("error.message", containsString("gaming mode"))
                .body("error.type", equalTo("service_unavailable_error"))
                .body("error.code", equalTo("gaming_mode"))
                .body("error.param", nullValue());
        assertEquals("not_loaded", state("demo-tiny"));

        given().header("X-Force-Big", "true").contentType("application/json").body(chat("demo-tiny", 4, ""))
                .post("/v1/chat/completions").then().statusCode(200).body("choices[0].message.content.length()", equalTo(4));
        assertEquals("ready", state("demo-tiny"));
        given().get("/status").then().body("gaming_mode", equalTo(true));

        String saved = Files.readString(Path.of("target/test-state/gaming-mode.json"));
        assertTrue(saved.contains("\"enabled\":true"), saved);
    }

    @Test
    void theForceBigTagInTheBodyOrTheRouterTagsHeaderAlsoServes() {
        gamingMode(true);
        post("/v1/chat/completions", chat("demo-tiny", 2, ",\"tags\":[\"private\",\"force_big\"]")).then().statusCode(200);
        given().header("X-Router-Tags", "code, force_big").contentType("application/json").body(chat("demo-tiny", 2, ""))
                .post("/v1/chat/completions").then().statusCode(200);
        given().header("X-Force-Big", "false").contentType("application/json").body(chat("demo-tiny", 2, ""))
                .post("/v1/chat/completions").then().statusCode(503);
    }

    @Test
    void streamingRequestsAreRefusedInGamingModeToo() {
        gamingMode(true);
        post("/v1/chat/completions", chat("demo-tiny", 2, ",\"stream\":true")).then().statusCode(503)
                .contentType(containsString("application/json")).body("error.code", equalTo("gaming_mode"));
    }

    @Test
    void gamingModeOffServesNormallyAgain() {
        gamingMode(true);
        gamingMode(false);
        post("/v1/chat/completions", chat("demo-tiny", 2, "")).then().statusCode(200);
        given().get("/status").then().body("gaming_mode", equalTo(false)).body("why", equalTo("manual"));
    }

    @Test
    void aBodyWithoutEnabledIs400() {
        control("/gaming-mode", "{\"on\":1}").then().statusCode(400)
                .body("error.param", equalTo("enabled")).body("error.type", equalTo("invalid_request_error"));
    }
}
