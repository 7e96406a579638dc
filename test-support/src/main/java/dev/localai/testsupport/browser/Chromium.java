package dev.localai.testsupport.browser;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Debian's {@code chromium}, headless, driven by Selenium through Debian's {@code chromium-driver}
 * (.ci/run installs both; nothing is downloaded: Selenium Manager is not used). Flags as this machine
 * needs them: no sandbox (root), no GPU, no background networking (the network is closed), a fresh
 * profile under {@code target/}. Waits are conditions with a deadline ({@link #until}), never sleeps.
 */
public final class Chromium implements AutoCloseable {

    public static final Path BINARY = Path.of("/usr/bin/chromium");
    public static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    public static final Duration WAIT = Duration.ofSeconds(10);

    private final ChromeDriver driver;
    private final ChromeDriverService service;

    /** Whether Debian's chromium and chromium-driver are installed. */
    public static boolean available() {
        return Files.isExecutable(BINARY) && Files.isExecutable(DRIVER);
    }

    /** Under CI (where .ci/run installs them) a missing browser fails the test; elsewhere it is skipped. */
    public static void requireOrSkip() {
        String why = "chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)";
        if (System.getenv("CI") != null) {
            Assertions.assertTrue(available(), why);
        }
        Assumptions.assumeTrue(available(), why);
    }

    /** A browser window of this size (CSS pixels), with its profile and driver log in {@code directory}. */
    public Chromium(Path directory, int width, int height) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path profile = directory.resolve("profile-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        ChromeOptions options = new ChromeOptions().setBinary(BINARY.toFile());
        options.addArguments(List.of("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--no-default-browser-check", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-extensions", "--hide-scrollbars",
                "--force-device-scale-factor=1", "--lang=en-US", "--window-size=" + width + "," + height,
                "--user-data-dir=" + profile.toAbsolutePath()));
        service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort()
                .withLogFile(directory.resolve("chromedriver.log").toFile()).build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(WAIT);
    }

    public WebDriver driver() {
        return driver;
    }

    public void open(String url) {
        driver.get(url);
    }

    /** Waits until the condition holds (not null, not false) and returns its value; fails after {@link #WAIT}. */
    public <T> T until(ExpectedCondition<T> condition) {
        return until(condition, WAIT);
    }

    public <T> T until(ExpectedCondition<T> condition, Duration timeout) {
        return new WebDriverWait(driver, timeout, Duration.ofMillis(50)).until(condition);
    }

    /** Waits until a JavaScript expression is truthy. */
    public void untilTrue(String expression, Duration timeout) {
        new WebDriverWait(driver, timeout, Duration.ofMillis(50)).withMessage("waiting for " + expression)
                .until(d -> Boolean.TRUE.equals(((JavascriptExecutor) d).executeScript("return !!(" + expression + ");")));
    }

    /** The element, once it is there and displayed. */
    public WebElement visible(By by) {
        return until(d -> d.findElements(by).stream().filter(WebElement::isDisplayed).findFirst().orElse(null));
    }

    /** The value of a JavaScript expression. */
    public Object eval(String expression) {
        return ((JavascriptExecutor) driver).executeScript("return (" + expression + ");");
    }

    /** Resizes the viewport's window (CSS pixels). */
    public void resize(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    /** Saves a PNG of the visible page as {@code directory/name.png}; returns its path. */
    public Path screenshot(Path directory, String name) {
        try {
            Files.createDirectories(directory);
            File shot = driver.getScreenshotAs(OutputType.FILE);
            Path target = directory.resolve(name + ".png");
            Files.copy(shot.toPath(), target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Saves a PNG of the whole page, beyond the viewport (DevTools' Page.captureScreenshot), as {@code name.png}. */
    public Path fullPage(Path directory, String name) {
        Object size = ((JavascriptExecutor) driver).executeScript("return [document.documentElement.scrollWidth,"
                + " Math.max(document.documentElement.scrollHeight, window.innerHeight)];");
        List<?> wh = (List<?>) size;
        java.util.Map<String, Object> clip = java.util.Map.of("x", 0, "y", 0, "width", wh.get(0), "height", wh.get(1),
                "scale", 1);
        java.util.Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot",
                java.util.Map.of("format", "png", "captureBeyondViewport", true, "clip", clip));
        try {
            Files.createDirectories(directory);
            Path target = directory.resolve(name + ".png");
            Files.write(target, java.util.Base64.getDecoder().decode((String) shot.get("data")));
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
        }
    }
}
