package dev.localai.gamingpc.cli;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static dev.localai.gamingpc.Api.TOKEN;
import static dev.localai.gamingpc.Api.gamingMode;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class GamingModeCliTest {

    @TestHTTPResource("/")
    URL url;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @AfterEach
    void off() {
        gamingMode(false);
    }

    private int cli(Map<String, String> env, String... args) {
        out.reset();
        err.reset();
        return GamingModeCli.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void switchesGamingModeOnAndOffWithTheTokenFromTheEnvironment() {
        Map<String, String> env = Map.of("GAMING_PC_URL", url.toString(), "GAMING_PC_TOKEN", TOKEN);
        assertEquals(0, cli(env, "on"));
        assertTrue(out.toString().startsWith("gaming mode: on (manual"), out.toString());
        given().get("/status").then().body("gaming_mode", equalTo(true));

        assertEquals(0, cli(env, "status"));
        assertTrue(out.toString().startsWith("gaming mode: on"), out.toString());

        assertEquals(0, cli(env, "off"));
        given().get("/status").then().body("gaming_mode", equalTo(false));
    }

    @Test
    void saysWhenTheTokenIsMissingAndWhenTheUsageIsWrong() {
        assertEquals(1, cli(Map.of(), "on", "--url", url.toString()));
        assertTrue(err.toString().contains("401") && err.toString().contains("Bearer"), err.toString());
        assertEquals(2, cli(Map.of(), "maybe"));
        assertEquals(3, cli(Map.of(), "status", "--url", "http://127.0.0.1:9"));
    }
}
