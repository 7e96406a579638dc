package dev.localai.gamingpc.page;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import dev.localai.testsupport.browser.Chromium;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import java.net.URL;
import java.nio.file.Path;

import static dev.localai.gamingpc.Api.TOKEN;
import static dev.localai.gamingpc.Api.gamingMode;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.openqa.selenium.support.ui.ExpectedConditions.textToBe;

/** The status page at {@code /} in real headless Chromium (Debian's, driven by Selenium; .ci/run installs it). */
@QuarkusTest
class StatusPageTest {

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
    void theToggleSwitchesGamingModeInThePageAndInStatus() {
        Chromium.requireOrSkip();
        gamingMode(false);
        try (Chromium browser = new Chromium(Path.of("target", "chromium"), 1280, 900)) {
            browser.open(url + "#token=" + TOKEN);
            browser.until(d -> "off".equals(d.findElement(By.id("gaming-mode")).getText())
                    && d.findElement(By.id("toggle")).isEnabled());
            browser.visible(By.cssSelector("tr[data-model='demo-tiny']"));
            browser.screenshot(Path.of("target", "screenshots"), "gaming-pc-status");

            browser.visible(By.id("toggle")).click();
            browser.until(textToBe(By.id("gaming-mode"), "on"));
            given().get("/status").then().body("gaming_mode", equalTo(true)).body("why", equalTo("manual"));

            gamingMode(false);                                // changed elsewhere: the page follows within a poll
            browser.until(textToBe(By.id("gaming-mode"), "off"));

            browser.visible(By.id("toggle")).click();
            browser.until(textToBe(By.id("gaming-mode"), "on"));
            browser.visible(By.id("toggle")).click();
            browser.until(textToBe(By.id("gaming-mode"), "off"));
            given().get("/status").then().body("gaming_mode", equalTo(false));
        }
    }
}
