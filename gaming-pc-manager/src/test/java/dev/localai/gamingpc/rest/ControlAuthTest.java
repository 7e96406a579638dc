package dev.localai.gamingpc.rest;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.localai.gamingpc.Api.gamingMode;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** The test profile configures gaming-pc.token=test-token. */
@QuarkusTest
class ControlAuthTest {

    @BeforeEach
    void gamingModeOffFirst() {
        gamingMode(false);
    }

    @Test
    void controlCallsNeedTheTokenWhenOneIsConfigured() {
        given().contentType("application/json").body("{\"enabled\":true}").post("/gaming-mode").then().statusCode(401)
                .header("WWW-Authenticate", "Bearer")
                .body("error.type", equalTo("authentication_error"))
                .body("error.message", containsString("Bearer"))
                .body("error.code", equalTo("invalid_api_key"));
        given().post("/stop-all").then().statusCode(401).body("error.type", equalTo("authentication_error"));
        given().get("/status").then().statusCode(200).body("gaming_mode", equalTo(false));
    }

    @Test
    void aWrongTokenIsRefused() {
        given().auth().oauth2("guess").contentType("application/json").body("{\"enabled\":true}").post("/gaming-mode")
                .then().statusCode(401);
        given().get("/status").then().body("gaming_mode", equalTo(false));
    }

    @Test
    void theRightTokenIsAccepted() {
        given().auth().oauth2("test-token").post("/stop-all").then().statusCode(200);
    }
}
