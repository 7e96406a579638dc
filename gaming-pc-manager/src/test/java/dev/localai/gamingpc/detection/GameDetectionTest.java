package dev.localai.gamingpc.detection;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.localai.gamingpc.Api.chat;
import static dev.localai.gamingpc.Api.gamingMode;
import static dev.localai.gamingpc.Api.post;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

/** The test profile watches for a process called {@code fake-game}; {@link FakeProcessList} says what runs. */
@QuarkusTest
class GameDetectionTest {

    @BeforeEach
    void gamingModeOffFirst() {
        gamingMode(false);
    }

    @Inject
    FakeProcessList processes;

    @Inject
    GameDetector detector;

    @AfterEach
    void noGame() {
        processes.stop("fake-game");
        detector.check();
        gamingMode(false);
    }

    @Test
    void switchesGamingModeOnWhileAConfiguredGameRunsAndOffWhenItEnds() {
        processes.start("bash");
        detector.check();
        given().get("/status").then().body("gaming_mode", equalTo(false));

        processes.start("fake-game");
        detector.check();
        given().get("/status").then().body("gaming_mode", equalTo(true)).body("why", equalTo("detected"))
                .body("detection.game", equalTo("fake-game"));
        post("/v1/chat/completions", chat("demo-tiny", 2, "")).then().statusCode(503);

        processes.stop("fake-game");
        detector.check();
        given().get("/status").then().body("gaming_mode", equalTo(false)).body("why", equalTo("detected"))
                .body("detection.game", equalTo(null));
    }

    @Test
    void aGameEndingDoesNotUndoGamingModeSwitchedOnByHand() {
        gamingMode(true);
        processes.start("fake-game");
        detector.check();
        processes.stop("fake-game");
        detector.check();
        given().get("/status").then().body("gaming_mode", equalTo(true)).body("why", equalTo("manual"));
    }

    @Test
    void saysNvidiaSmiIsAbsentAndWhatItWatches() {
        detector.check();
        given().get("/status").then().body("detection.nvidia_smi", equalTo("absent"))
                .body("detection.processes", contains("fake-game"))
                .body("detection.active", equalTo(true));
    }
}
