package dev.localai.evalcli.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.localai.standins.upstream.Behaviour;
import dev.localai.standins.upstream.FakeUpstream;
import dev.localai.testsupport.packaged.PackagedService;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ./eval.sh's runner, as packaged, against the packaged router (its own JVM, admin key, embedded PostgreSQL) with the
 * shipped home-lab routing in front of stand-ins: the 3070 is a fake OpenAI upstream that refuses every question
 * (so the cascade's checks escalate it), the cloud (OpenRouter, OpenCode) one that always knows the answer.
 */
class EvalCliIT {

    static final String ADMIN = "admin-key-for-the-eval-test";
    static final String LOCAL_ANSWER = "I'm sorry, but I can't help with that.";
    static final String CLOUD_ANSWER = "Paris. And 2 + 2 = 4.";
    static final String REFERENCE = "openrouter/openai/gpt-4o-mini";
    static final Path WORK = Path.of("target", "eval-it");
    static final Duration LIMIT = Duration.ofSeconds(90);
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static EmbeddedPostgres postgres;
    static FakeUpstream small;
    static FakeUpstream cloud;
    static PackagedService router;

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        small = FakeUpstream.start().models("qwen2.5-7b-instruct", "qwen2.5-coder-7b-instruct", "llama3.1-8b-instruct")
                .answer(LOCAL_ANSWER);
        cloud = FakeUpstream.start().models("glm-4.7", "claude-sonnet-4.5", "openai/gpt-4o-mini",
                "anthropic/claude-sonnet-4.5").answer(CLOUD_ANSWER);
        router = PackagedService.start("router-service", WORK.resolve("router"), Map.of(), Map.of(
                "DB_URL", postgres.getJdbcUrl("postgres", "postgres"), "DB_USER", "postgres", "DB_PASSWORD", "postgres",
                "ROUTER_ADMIN_KEY", ADMIN, "ROUTER_3070_URL", small.baseUrl(),
                "GAMING_PC_URL", FakeUpstream.unusedPortUrl(), "OPENCODE_URL", cloud.baseUrl(),
                "OPENROUTER_URL", cloud.baseUrl(), "OPENROUTER_API_KEY", "sk-or-eval-test",
                "ROUTER_HEALTH_INTERVAL", "200ms"), Duration.ofSeconds(90), Duration.ofSeconds(60));
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[]{router, small, cloud, postgres}) {
            if (c != null) {
                c.close();
            }
        }
    }

    static Path csv(String name, String text) throws Exception {
        Files.createDirectories(WORK);
        return Files.writeString(WORK.resolve(name), text).toAbsolutePath();
    }

    static List<String> args(Path csv, String... more) {
        List<String> args = new ArrayList<>(List.of(csv.toString(), "--router", router.url(), "--progress", "lines"));
        args.addAll(List.of(more));
        return args;
    }

    @Test
    void aRunPrintsTheSkippedLineTheTableAndTheRecommendationAndSavesBothReports() throws Exception {
        Path prompts = csv("capitals.csv", """
                prompt,expected,check
                What is the capital of France?,Paris,contains:Paris
                What is 2 + 2?,,contains:4
                What is the capital of Spain?,,foo:Madrid
                """);
        Path out = WORK.resolve("reports-1").toAbsolutePath();
        PackagedCli.Outcome run = PackagedCli.run(WORK, "run-1", Map.of("ROUTER_ADMIN_KEY", ADMIN), args(prompts,
                "--policies", "local,cloud,cascade", "--thresholds", "0.5", "--reference", REFERENCE,
                "--timeout", "20", "--out", out.toString(), "--name", "capitals"), LIMIT);

        assertEquals(0, run.exit(), run.toString());
        assertTrue(run.stderr().contains(prompts + ":4: skipped: "), "the bad line with its number: " + run);
        assertTrue(run.stderr().contains("progress 6/6 (100%)"), "the last progress line: " + run);
        List<String> table = run.stdout().lines().toList();
        assertTrue(table.get(0).matches("\\s+policy\\s+success\\s+cost\\s+cost/prompt\\s+latency p50\\s+p95\\s+ttft p50"
                + "\\s+local\\s+escalations"), run.toString());
        assertTrue(row(table, "local").matches("local\\s+0% \\(0/2\\)\\s+\\$0\\s+\\$0\\s+.*\\s100%\\s+0"), run.toString());
        assertTrue(row(table, "cloud").matches("cloud\\s+100% \\(2/2\\)\\s+.*\\s0%\\s+0"), run.toString());
        assertTrue(row(table, "cascade@0.5").matches("cascade@0.5\\s+100% \\(2/2\\)\\s+.*\\s0%\\s+2"),
                "both refusals escalated to the cloud: " + run);
        assertTrue(table.stream().anyMatch(l -> l.startsWith("* cascade@0.5 ")), "the recommended row is marked: " + run);
        assertTrue(run.stdout().contains("\nRecommended: cascade@0.5 (threshold 0.5), success 100% at $"), run.toString());

        JsonNode report = JSON.readTree(out.resolve("report.json").toFile());
        assertEquals("done", report.path("status").asText());
        assertEquals("capitals", report.path("name").asText());
        assertEquals(2, report.path("prompts").asInt());
        assertEquals(4, report.path("csv_errors").path(0).path("line").asInt());
        assertEquals(List.of("local", "cloud", "cascade@0.5"), report.path("policies").findValuesAsText("policy"));
        assertEquals(6, report.path("results").size(), "every prompt under every setting, in report.json");
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("<html") && html.contains("cascade@0.5"), html);
        assertTrue(run.stdout().contains("Reports: " + out.resolve("report.json")), run.toString());
    }

    /** The table's row of one policy, without the recommendation mark. */
    static String row(List<String> table, String policy) {
        return table.stream().map(l -> l.replaceFirst("^[* ] ", "")).filter(l -> l.startsWith(policy + " "))
                .findFirst().orElseThrow(() -> new AssertionError("no row " + policy + " in " + table));
    }

    @Test
    void aCsvWithoutAPromptColumnIsBadUsage() throws Exception {
        Path prompts = csv("no-prompt.csv", "question,expected\nWhat is the capital of France?,Paris\n");
        PackagedCli.Outcome run = PackagedCli.run(WORK, "run-2", Map.of("ROUTER_ADMIN_KEY", ADMIN), args(prompts), LIMIT);
        assertEquals(2, run.exit(), run.toString());
        assertTrue(run.stderr().contains("(400)"), run.toString());
        assertTrue(run.stderr().toLowerCase().contains("prompt"), "the router says which column is missing: " + run);
    }

    @Test
    void aWrongKeyOrNoRouterIsExitThree() throws Exception {
        Path prompts = csv("one.csv", "prompt\nWhat is the capital of France?\n");
        PackagedCli.Outcome wrongKey = PackagedCli.run(WORK, "run-3", Map.of(), args(prompts, "--key", "not-the-key"),
                LIMIT);
        assertEquals(3, wrongKey.exit(), wrongKey.toString());
        assertTrue(wrongKey.stderr().contains("refused the key (401)"), wrongKey.toString());

        List<String> nowhere = new ArrayList<>(args(prompts, "--key", ADMIN));
        nowhere.set(2, FakeUpstream.unusedPortUrl());
        PackagedCli.Outcome unreachable = PackagedCli.run(WORK, "run-4", Map.of(), nowhere, LIMIT);
        assertEquals(3, unreachable.exit(), unreachable.toString());
        assertTrue(unreachable.stderr().contains("cannot connect to"), unreachable.toString());
    }

    @Test
    void ctrlCCancelsTheRunOnTheRouterAndExits130() throws Exception {
        Assumptions.assumeFalse(sigintIgnored(), "SIGINT is ignored in this JVM (started in the background without"
                + " job control), and so in the runner it starts: Ctrl-C cannot be sent");
        Path prompts = csv("slow.csv", "prompt,check\nTell me a long story.,contains:end\nAnd another one.,\n");
        small.behave(Behaviour.hang());
        try {
            Process cli = PackagedCli.start(WORK, "run-5", Map.of("ROUTER_ADMIN_KEY", ADMIN),
                    args(prompts, "--policies", "local", "--timeout", "300", "--concurrency", "1"));
            Pattern started = Pattern.compile("eval run ([0-9a-f-]{36})");
            String id = null;
            long deadline = System.nanoTime() + LIMIT.toNanos();
            while (id == null && System.nanoTime() < deadline && cli.isAlive()) {
                Matcher m = started.matcher(PackagedCli.stderrSoFar(WORK, "run-5"));
                id = m.find() ? m.group(1) : null;
                if (id == null) {
                    cli.waitFor(50, java.util.concurrent.TimeUnit.MILLISECONDS);   // or until it ends
                }
            }
            assertTrue(id != null, "the runner said which run it started: " + PackagedCli.stderrSoFar(WORK, "run-5"));
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(cli.pid())).inheritIO().start();
            assertEquals(0, kill.waitFor());
            PackagedCli.Outcome run = PackagedCli.await(cli, WORK, "run-5", LIMIT);
            assertEquals(130, run.exit(), run.toString());
            assertTrue(run.stderr().contains("run " + id + " cancelled"), run.toString());
            HttpResponse<String> after = HTTP.send(HttpRequest.newBuilder(URI.create(router.url() + "/api/evals/" + id))
                    .header("Authorization", "Bearer " + ADMIN).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals("cancelled", JSON.readTree(after.body()).path("status").asText(), after.body());
        } finally {
            small.behave(Behaviour.normal());
        }
    }

    /** Whether this process ignores SIGINT (Linux: bit 2 of SigIgn in /proc/self/status); children inherit that. */
    static boolean sigintIgnored() throws Exception {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return false;
        }
        return Files.readAllLines(status).stream().filter(l -> l.startsWith("SigIgn:")).findFirst()
                .map(l -> (Long.parseUnsignedLong(l.substring(7).trim(), 16) & 0x2) != 0).orElse(false);
    }
}
