package dev.localai.deploychecks;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The compose files, validated by a real compose implementation (Debian's {@code docker-compose}; its
 * {@code config} checks a file against the Compose schema and interpolates it without a Docker engine) with the
 * example {@code .env}; then, in what it resolved: every service has a healthcheck, a restart policy and memory
 * and CPU limits, and no password, token or key is written in a compose file.
 */
class ComposeFilesTest {

    static final Path DIR = Tool.ROOT.resolve("deploy/compose");
    static final Pattern SECRET = Pattern.compile(".*(PASSWORD|TOKEN|API_KEY|ADMIN_KEY|SECRET).*");

    @ParameterizedTest
    @ValueSource(strings = {"home-server.yml", "gaming-pc.yml"})
    void composeAcceptsTheFileWithTheExampleEnvAndEveryServiceHasAHealthcheckARestartPolicyAndLimits(String file)
            throws Exception {
        Tool.Result config = Tool.require("docker-compose", "docker-compose")
                .run(DIR, Duration.ofSeconds(60), "-f", file, "--env-file", ".env.example", "config")
                .ok("docker-compose -f " + file + " --env-file .env.example config");
        JsonNode resolved = PrometheusFiles.YAML.readTree(config.output());
        List<String> problems = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> services = resolved.path("services").fields();
        assertTrue(services.hasNext(), config.output());
        while (services.hasNext()) {
            Map.Entry<String, JsonNode> service = services.next();
            JsonNode s = service.getValue();
            if (s.path("healthcheck").path("test").isMissingNode()) {
                problems.add(service.getKey() + ": no healthcheck");
            }
            if (!List.of("always", "unless-stopped", "on-failure").contains(s.path("restart").asText())) {
                problems.add(service.getKey() + ": no restart policy");
            }
            JsonNode limits = s.path("deploy").path("resources").path("limits");
            if (limits.path("memory").isMissingNode() || limits.path("cpus").isMissingNode()) {
                problems.add(service.getKey() + ": no memory and CPU limits");
            }
        }
        assertEquals(List.of(), problems, file);
    }

    @ParameterizedTest
    @ValueSource(strings = {"home-server.yml", "gaming-pc.yml"})
    void noSecretIsWrittenInAComposeFile(String file) throws Exception {
        JsonNode raw = PrometheusFiles.YAML.readTree(DIR.resolve(file).toFile());
        List<String> written = new ArrayList<>();
        raw.path("services").fields().forEachRemaining(service -> service.getValue().path("environment").fields()
                .forEachRemaining(env -> {
                    String value = env.getValue().asText();
                    boolean fromOutside = value.startsWith("${") || value.startsWith("/run/secrets/");
                    if (SECRET.matcher(env.getKey()).matches() && !fromOutside) {
                        written.add(service.getKey() + "." + env.getKey() + " = " + value);
                    }
                }));
        assertEquals(List.of(), written, "secrets must come from .env or secrets/, not the file");
    }

    @Test
    void thePasswordsAreComposeSecretsAndTheFilesHoldingThemAreNeverCommitted() throws Exception {
        JsonNode raw = PrometheusFiles.YAML.readTree(DIR.resolve("home-server.yml").toFile());
        assertEquals("./secrets/postgres_password", raw.path("secrets").path("postgres_password").path("file").asText());
        assertEquals("/run/secrets/postgres_password",
                raw.path("services").path("postgres").path("environment").path("POSTGRES_PASSWORD_FILE").asText());
        assertEquals("/run/secrets/grafana_admin_password",
                raw.path("services").path("grafana").path("environment").path("GF_SECURITY_ADMIN_PASSWORD__FILE").asText());
        String ignored = Files.readString(Tool.ROOT.resolve(".gitignore"));
        assertTrue(ignored.contains("deploy/compose/.env") && ignored.contains("deploy/compose/secrets/"), ignored);
        assertFalse(Files.readString(DIR.resolve(".env.example")).matches("(?s).*PASSWORD=\\S.*"), ".env.example holds a password");
    }

    @Test
    void aBrokenFileIsRejected() throws Exception {
        // the validator can fail: a service with an unknown key is refused, naming it
        Path dir = Files.createTempDirectory("compose");
        Files.writeString(dir.resolve("broken.yml"), "services:\n  router:\n    image: eclipse-temurin:17-jre\n    restart_policy: always\n");
        Tool.Result result = Tool.require("docker-compose", "docker-compose").run(dir, Duration.ofSeconds(60), "-f", "broken.yml", "config");
        assertFalse(result.exit() == 0, result.output());
        assertTrue(result.output().contains("restart_policy"), result.output());
    }
}
