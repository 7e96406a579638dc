package dev.localai.gamingpc.page;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;

import static dev.localai.gamingpc.Api.TOKEN;
import static dev.localai.gamingpc.Api.gamingMode;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The status page at {@code /} in real headless Chromium (Debian's {@code chromium}; .ci/run installs it). */
@QuarkusTest
class StatusPageTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TestHTTPResource("/")
    URL url;

    @AfterEach
    void off() {
        gamingMode(false);
    }

    @Test
    void servesThePageAndItsScript() {
        given().get("/").then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString("id=\"toggle\""));
        given().get("/app.js").then().statusCode(200).body(containsString("/status"));
    }

    @Test
    void theToggleSwitchesGamingModeInThePageAndInStatus() throws Exception {
        if (System.getenv("CI") != null) {       // .ci/run installs it: there, a missing browser is a failure
            org.junit.jupiter.api.Assertions.assertTrue(HeadlessChromium.available(),
                    "chromium is not installed (.ci/run installs it with apt-get install chromium)");
        }
        Assumptions.assumeTrue(HeadlessChromium.available(), "chromium is not installed (apt-get install chromium)");
        gamingMode(false);
        try (HeadlessChromium browser = new HeadlessChromium(Path.of("target", "chromium-profile"))) {
            browser.navigate(url + "#token=" + TOKEN);
            assertTrue(browser.waitFor("document.getElementById('gaming-mode')?.textContent === 'off'"
                    + " && !document.getElementById('toggle').disabled", WAIT), "page shows gaming mode off");
            assertTrue(browser.waitFor("document.querySelector('tr[data-model=\"demo-tiny\"]') !== null", WAIT),
                    "page lists the models");

            browser.click("toggle");
            assertTrue(browser.waitFor("document.getElementById('gaming-mode').textContent === 'on'", WAIT),
                    "page shows gaming mode on");
            given().get("/status").then().body("gaming_mode", equalTo(true)).body("why", equalTo("manual"));

            gamingMode(false);                                // changed elsewhere: the page follows within a poll
            assertTrue(browser.waitFor("document.getElementById('gaming-mode').textContent === 'off'", WAIT),
                    "page picks up a change made elsewhere");

            browser.click("toggle");
            assertTrue(browser.waitFor("document.getElementById('gaming-mode').textContent === 'on'", WAIT));
            browser.click("toggle");
            assertTrue(browser.waitFor("document.getElementById('gaming-mode').textContent === 'off'", WAIT));
            given().get("/status").then().body("gaming_mode", equalTo(false));
        }
    }
}
