package dev.localai.deploychecks;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shipped Prometheus files, checked by Prometheus' own {@code promtool} (Debian's package): the
 * configuration and the alert rules are valid, and every alert rule's unit test in
 * {@code deploy/prometheus/alerts-test.yml} (series in, alerts expected out) passes.
 */
class PromtoolTest {

    static final Path DIR = Tool.ROOT.resolve("deploy/prometheus");
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Test
    void theShippedConfigurationIsValidAndLoadsTheAlertRules() throws Exception {
        Tool.Result result = Tool.require("promtool", "prometheus").run(DIR, TIMEOUT, "check", "config", "prometheus.yml")
                .ok("promtool check config prometheus.yml");
        assertTrue(result.output().contains("1 rule files found"), result.output());
    }

    @Test
    void theAlertRulesAreValid() throws Exception {
        Tool.require("promtool", "prometheus").run(DIR, TIMEOUT, "check", "rules", "alerts.yml")
                .ok("promtool check rules alerts.yml");
    }

    @Test
    void everyAlertRuleHasAUnitTestAndEveryUnitTestPasses() throws Exception {
        Tool.Result result = Tool.require("promtool", "prometheus").run(DIR, TIMEOUT, "test", "rules", "alerts-test.yml")
                .ok("promtool test rules alerts-test.yml");
        assertTrue(result.output().contains("SUCCESS"), result.output());
        String tests = Files.readString(DIR.resolve("alerts-test.yml"));
        for (String alert : PrometheusFiles.alertNames(DIR.resolve("alerts.yml"))) {
            assertTrue(tests.contains("alertname: " + alert + "\n"), "alert " + alert + " has no test in alerts-test.yml");
        }
    }

    @Test
    void aBrokenExpectationFailsTheUnitTests() throws Exception {
        // the unit tests can fail: the same tests with one expected summary changed do
        Path dir = Files.createTempDirectory("alerts-test");
        Files.copy(DIR.resolve("alerts.yml"), dir.resolve("alerts.yml"));
        String tests = Files.readString(DIR.resolve("alerts-test.yml"));
        Files.writeString(dir.resolve("alerts-test.yml"), tests.replace("router-service is down", "router-service is up"));
        Tool.Result result = Tool.require("promtool", "prometheus").run(dir, TIMEOUT, "test", "rules", "alerts-test.yml");
        assertFalse(result.exit() == 0, result.output());
        assertTrue(result.output().contains("ServiceDown"), result.output());
    }
}
