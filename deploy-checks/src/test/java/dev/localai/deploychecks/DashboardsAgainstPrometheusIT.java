package dev.localai.deploychecks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.localai.standins.mattermost.ChatChannel;
import dev.localai.standins.mattermost.ChatUser;
import dev.localai.standins.mattermost.MattermostStub;
import dev.localai.standins.upstream.Behaviour;
import dev.localai.standins.upstream.FakeUpstream;
import dev.localai.testsupport.packaged.PackagedService;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every dashboard query and every alert expression, against Debian's {@code prometheus} scraping the packaged
 * services: router-service (on embedded PostgreSQL, its cloud a stand-in), inference-3070-service and
 * gaming-pc-manager (real llama.cpp on their demo models), opencode-service (the real {@code opencode serve},
 * its provider the 3070 service) and mattermost-bot (on the Mattermost stand-in). After traffic that makes each
 * service do what its panels show (chats, streams, a broken stream, a 5xx, a redaction, a budget, wake-on-LAN,
 * a bot command), each expression must parse in Prometheus, and each selector in it must match series the
 * services really expose; a failure names the dashboard, the panel and the selector. Prometheus also loads the
 * shipped alert rules, and every rule must evaluate without error.
 */
class DashboardsAgainstPrometheusIT {

    static final Path WORK = Path.of("target", "prometheus-it").toAbsolutePath();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    static final String ADMIN = "admin-key-for-the-dashboards";
    static final String OPENCODE_BINARY = "opencode-service/target/opencode/node_modules/.bin/opencode";
    /** What Grafana puts for its own variables when it runs a query. */
    static final Map<String, String> GRAFANA = Map.of("$__rate_interval", "1m", "$__interval", "15s", "$__range", "15m");

    static final List<AutoCloseable> running = new ArrayList<>();
    static EmbeddedPostgres postgres;
    static FakeUpstream cloud;
    static MattermostStub mattermost;
    static ChatUser tayne;
    static ChatUser alice;
    static Process prometheus;
    static String prometheusUrl;
    static final Map<String, PackagedService> services = new LinkedHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        Tool prom = Tool.require("prometheus", "prometheus");
        Path opencode = Tool.ROOT.resolve(OPENCODE_BINARY);
        String noOpencode = opencode + " is missing: the build installs OpenCode with npm (install Node.js and npm)";
        if (!Files.isExecutable(opencode) && System.getenv("CI") != null) {
            fail(noOpencode);
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(opencode), noOpencode);
        Files.createDirectories(WORK);
        postgres = EmbeddedPostgres.builder().start();
        cloud = FakeUpstream.start().models("openai/gpt-4o-mini", "anthropic/claude-sonnet-4.5").answer("ok from the cloud");
        running.add(cloud);
        mattermost = MattermostStub.start();
        running.add(mattermost);
        tayne = mattermost.bot("tayne", "tayne-token");
        alice = mattermost.user("alice", "alice-token");

        PackagedService inference = start("inference-3070-service", Map.of(
                "inference.models.demo-coder.preload", "false", "inference.models.demo-docs.preload", "false"), Map.of());
        PackagedService gamingPc = start("gaming-pc-manager", Map.of("gaming-pc.token", "pc-token"), Map.of());
        Map<String, String> bridge = new LinkedHashMap<>();
        bridge.put("opencode.providers.home.base-url", inference.url() + "/v1");
        bridge.put("opencode.providers.home.name", "inference-3070-service");
        for (String model : List.of("glm", "claude")) {
            bridge.put("opencode.models." + model + ".target", "home/demo-tiny");
            bridge.put("opencode.models." + model + ".context-window", "2048");
            bridge.put("opencode.models." + model + ".max-output-tokens", "64");
        }
        PackagedService opencodeService = start("opencode-service", bridge, Map.of(
                "OPENCODE_BINARY", opencode.toString(), "OPENCODE_DATA_DIR", WORK.resolve("opencode-data").toString(),
                "OPENCODE_AUTH_FILE", WORK.resolve("opencode-data/no-credentials.json").toString()));
        Map<String, String> router = new LinkedHashMap<>();
        router.put("DB_URL", postgres.getJdbcUrl("postgres", "postgres"));
        router.put("DB_USER", "postgres");
        router.put("DB_PASSWORD", "postgres");
        router.put("ROUTER_ADMIN_KEY", ADMIN);
        router.put("ROUTER_3070_URL", inference.url());
        router.put("ROUTER_3070_MODEL", "demo-tiny");
        router.put("OPENCODE_URL", opencodeService.url());
        router.put("OPENROUTER_URL", cloud.baseUrl());
        // a gaming PC that sleeps: requests for it send wake-on-LAN, to this machine only
        router.put("GAMING_PC_URL", FakeUpstream.unusedPortUrl());
        router.put("GAMING_PC_MAC", "02:00:00:00:00:01");
        router.put("GAMING_PC_BROADCAST", "127.0.0.1");
        PackagedService routerService = start("router-service", Map.of(), router);
        start("mattermost-bot", Map.of(), Map.of("MATTERMOST_URL", mattermost.baseUrl(), "MATTERMOST_TOKEN", "tayne-token",
                "MATTERMOST_ALLOWED_USERS", "alice", "GAMING_PC_URL", gamingPc.url(), "GAMING_PC_TOKEN", "pc-token",
                "ROUTER_URL", routerService.url()));
        prometheus = startPrometheus(prom);
    }

    static PackagedService start(String module, Map<String, String> properties, Map<String, String> env) throws Exception {
        PackagedService service = PackagedService.start(module, WORK.resolve(module), properties, env,
                Duration.ofSeconds(120), Duration.ofSeconds(90));
        services.put(module, service);
        running.add(service);
        return service;
    }

    /** Prometheus on a free port, scraping every service each second under the job names the shipped config uses. */
    static Process startPrometheus(Tool prom) throws Exception {
        StringBuilder config = new StringBuilder("global: {scrape_interval: 1s, evaluation_interval: 1s}\n"
                + "rule_files: [\"" + Tool.ROOT.resolve("deploy/prometheus/alerts.yml") + "\"]\nscrape_configs:\n");
        services.forEach((job, service) -> config.append("  - {job_name: ").append(job)
                .append(", metrics_path: /q/metrics, static_configs: [{targets: [\"").append(service.target()).append("\"]}]}\n"));
        Path file = WORK.resolve("prometheus.yml");
        Files.writeString(file, config);
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        prometheusUrl = "http://127.0.0.1:" + port;
        Process process = new ProcessBuilder(prom.path().toString(), "--config.file=" + file,
                "--storage.tsdb.path=" + WORK.resolve("tsdb-" + System.nanoTime()), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(WORK.resolve("prometheus.log").toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (HTTP.send(HttpRequest.newBuilder(URI.create(prometheusUrl + "/-/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return process;
                }
            } catch (IOException notYet) {
                // starting
            }
            assertTrue(process.isAlive(), "prometheus stopped:\n" + PackagedService.tail(WORK.resolve("prometheus.log")));
            TimeUnit.MILLISECONDS.sleep(100);
        }
        throw new AssertionError("prometheus not ready:\n" + PackagedService.tail(WORK.resolve("prometheus.log")));
    }

    @AfterAll
    static void stop() throws Exception {
        if (prometheus != null) {
            prometheus.destroy();
            prometheus.waitFor(10, TimeUnit.SECONDS);
        }
        for (int i = running.size() - 1; i >= 0; i--) {
            running.get(i).close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void everyDashboardQueryAndAlertNamesSeriesTheRunningServicesExpose() throws Exception {
        driveTraffic();
        List<Dashboards.Query> queries = new ArrayList<>();
        Map<String, List<String>> variables = new LinkedHashMap<>();
        for (Path file : Dashboards.files()) {
            JsonNode dashboard = Dashboards.read(file);
            for (String[] v : Dashboards.labelValueVariables(dashboard)) {
                variables.put("$" + v[0], awaitLabelValues(v[1], v[2]));
            }
            queries.addAll(Dashboards.queries(dashboard));
        }
        assertEquals(Set.of("inference-3070-service", "gaming-pc-manager"), Set.copyOf(variables.get("$service")),
                "the Local inference dashboard's Service variable offers both GPU services");
        PrometheusFiles.alerts(Tool.ROOT.resolve("deploy/prometheus/alerts.yml"))
                .forEach((alert, expr) -> queries.add(new Dashboards.Query("alert " + alert, expr)));

        // every selector must match once Prometheus has scraped after the traffic: wait for that, then say what does not
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<String> problems;
        do {
            problems = check(queries, variables);
            if (problems.isEmpty()) {
                break;
            }
            TimeUnit.MILLISECONDS.sleep(500);
        } while (System.nanoTime() < deadline);
        assertEquals(List.of(), problems, "dashboard queries or alert expressions that can only say \"No data\"");
        System.out.printf("dashboards and alerts: %d queries checked against %d scraped metric names%n", queries.size(),
                metricNames().size());
        assertRulesEvaluate();
    }

    private List<String> check(List<Dashboards.Query> queries, Map<String, List<String>> variables) throws Exception {
        Set<String> names = metricNames();
        List<String> problems = new ArrayList<>();
        for (Dashboards.Query query : queries) {
            for (String expr : expand(query.expr(), variables)) {
                JsonNode parsed = query(expr);
                if (!"success".equals(parsed.path("status").asText())) {
                    problems.add(query.where() + ": does not parse: " + parsed.path("error").asText() + " in " + expr);
                    continue;
                }
                for (PromQl.Selector selector : PromQl.selectors(expr)) {
                    if (!names.contains(selector.metric())) {
                        problems.add(query.where() + ": metric " + selector.metric() + " is exposed by no service");
                    } else if (!selector.matchers().isEmpty() && count(selector) == 0) {
                        problems.add(query.where() + ": " + selector + " matches no series");
                    }
                }
            }
        }
        return problems;
    }

    /** The expression with Grafana's variables set, once per value of a dashboard variable it uses. */
    private static List<String> expand(String expr, Map<String, List<String>> variables) {
        String e = expr;
        for (Map.Entry<String, String> g : GRAFANA.entrySet()) {
            e = e.replace(g.getKey(), g.getValue());
        }
        List<String> out = new ArrayList<>(List.of(e));
        for (Map.Entry<String, List<String>> v : variables.entrySet()) {
            if (e.contains(v.getKey())) {
                List<String> next = new ArrayList<>();
                for (String each : out) {
                    v.getValue().forEach(value -> next.add(each.replace(v.getKey(), value)));
                }
                out = next;
            }
        }
        return out;
    }

    private static long count(PromQl.Selector selector) throws Exception {
        JsonNode result = query("count(present_over_time(" + selector + "[15m]))").path("data").path("result");
        return result.isEmpty() ? 0 : result.get(0).path("value").get(1).asLong();
    }

    private static List<String> awaitLabelValues(String metric, String label) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            JsonNode values = get("/api/v1/label/" + label + "/values?match[]=" + encode(metric)).path("data");
            List<String> list = new ArrayList<>();
            values.forEach(v -> list.add(v.asText()));
            if (list.size() >= 2 || System.nanoTime() > deadline) {
                return list;
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
    }

    private static Set<String> metricNames() throws Exception {
        Set<String> names = new LinkedHashSet<>();
        get("/api/v1/label/__name__/values").path("data").forEach(n -> names.add(n.asText()));
        return names;
    }

    /** Prometheus loaded the shipped rules and evaluates every one of them without an error. */
    private static void assertRulesEvaluate() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            List<String> bad = new ArrayList<>();
            int rules = 0;
            for (JsonNode group : get("/api/v1/rules").path("data").path("groups")) {
                for (JsonNode rule : group.path("rules")) {
                    rules++;
                    if (!"ok".equals(rule.path("health").asText())) {
                        bad.add(rule.path("name").asText() + ": " + rule.path("health").asText() + " " + rule.path("lastError").asText());
                    }
                }
            }
            if ((bad.isEmpty() && rules == PrometheusFiles.alertNames(Tool.ROOT.resolve("deploy/prometheus/alerts.yml")).size())
                    || System.nanoTime() > deadline) {
                assertEquals(List.of(), bad, "alert rules Prometheus could not evaluate");
                assertEquals(PrometheusFiles.alertNames(Tool.ROOT.resolve("deploy/prometheus/alerts.yml")).size(), rules);
                return;
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
    }

    private static JsonNode query(String expr) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(prometheusUrl + "/api/v1/query"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("query=" + encode(expr))).build(), HttpResponse.BodyHandlers.ofString());
        return Dashboards.JSON.readTree(r.body());
    }

    private static JsonNode get(String path) throws Exception {
        return Dashboards.JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(prometheusUrl + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    // ---- traffic: each service does what its panels show

    private static void driveTraffic() throws Exception {
        String router = services.get("router-service").url();
        HttpResponse<String> created = send(router + "/admin/keys", ADMIN, "{\"name\":\"family\",\"daily_budget_usd\":0.5}", 10);
        assertEquals(201, created.statusCode(), created.body());
        Matcher m = Pattern.compile("\"key\":\"([^\"]+)\"").matcher(created.body());
        assertTrue(m.find(), created.body());
        String key = m.group(1);
        String hello = "{\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}],\"max_tokens\":8}";
        expect(200, send(router + "/v1/chat/completions", key, hello, 60));                       // the 3070, llama.cpp
        expect(200, send(router + "/v1/chat/completions", key, hello.replace("{\"messages\"", "{\"stream\":true,\"messages\""), 60));
        expect(200, send(router + "/v1/chat/completions", key, "{\"model\":\"cloud\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"my password: hunter2, what now?\"}]}", 30));                   // paid, redacted
        cloud.behaveOnce(Behaviour.dropMidStream(1));
        send(router + "/v1/chat/completions", key, "{\"model\":\"cloud\",\"stream\":true,\"messages\":[{\"role\":\"user\","
                + "\"content\":\"Tell me a long story\"}]}", 30);                                  // a stream that breaks off
        cloud.behaveOnce(Behaviour.status(500));
        int failed = send(router + "/v1/chat/completions", key, "{\"model\":\"cloud\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"Hi\"}]}", 30).statusCode();
        assertTrue(failed >= 500, "a failing cloud gives a 5xx, not " + failed);
        expect(404, send(router + "/v1/chat/completions", key, "{\"model\":\"no-such-model\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"Hi\"}]}", 10));
        expect(200, send(router + "/v1/chat/completions", key, "{\"model\":\"glm\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"Hello\"}],\"max_tokens\":8}", 180));                              // router → bridge → OpenCode
        try {                                                                                       // the sleeping gaming PC
            send(router + "/v1/chat/completions", key, "{\"model\":\"big\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}", 2);
        } catch (java.net.http.HttpTimeoutException held) {
            // held while it wakes: the packet went out
        }
        String opencode = services.get("opencode-service").url();
        HttpResponse<String> refused = send(opencode + "/v1/chat/completions", null, "{\"model\":\"glm-4.7\",\"messages\":[{\"role\":\"user\",\"content\":"
                + "[{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,AAAA\"}}]}]}", 30);  // a bridge error
        assertEquals(400, refused.statusCode(), "the bridge refuses an image for a text-only model: " + refused.body());
        String pc = services.get("gaming-pc-manager").url();
        expect(200, send(pc + "/v1/chat/completions", null, "{\"model\":\"demo-tiny\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"Hello\"}],\"max_tokens\":8}", 60));
        ChatChannel town = mattermost.townSquare();
        assertTrue(mattermost.awaitConnected(tayne, Duration.ofSeconds(30)), "the bot connects to Mattermost");
        mattermost.post(alice, town, "@tayne gaming status");
        assertTrue(mattermost.awaitPost(p -> p.userId().equals(tayne.id()), Duration.ofSeconds(30)).isPresent(),
                "the bot answers");
        mattermost.post(alice, town, "lunch at noon, everyone");                                   // not for the bot
    }

    private static void expect(int status, HttpResponse<String> response) {
        assertEquals(status, response.statusCode(), response.body());
    }

    private static HttpResponse<String> send(String url, String key, String body, int seconds) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(seconds)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
