package dev.localai.router.keys;

import dev.localai.standins.upstream.FakeUpstream;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two packaged routers (the jar {@code ./mvnw package} builds, each in its own JVM) share one
 * PostgreSQL. Fifty concurrent paid requests, split between them, against a budget that covers about
 * ten: what the key spent never passes the budget by more than one request's cost. And a key's requests
 * per minute hold for both together, not for each.
 */
class TwoRoutersShareABudgetIT {

    static final String ADMIN = "admin-secret-for-the-pair";
    static final double BUDGET = 0.2;
    static EmbeddedPostgres postgres;
    static FakeUpstream fake;
    static final List<Process> routers = new ArrayList<>();
    static final List<Integer> ports = new ArrayList<>();
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        fake = FakeUpstream.start().models("paid-model", "local-model").answer("ok");
        Path work = Files.createDirectories(Path.of("target", "two-routers"));
        Path routing = work.resolve("routing.yaml");
        Files.writeString(routing, "backends:\n"
                + "  paid: {url: \"" + fake.baseUrl() + "\", location: cloud, models: [paid-model],"
                + " price: {input: 1000, output: 1000}}\n"
                + "rules:\n  - {name: paid, route: [paid/paid-model]}\n");
        for (int i = 0; i < 2; i++) {
            int port = freePort();
            ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar", Path.of("target", "quarkus-app", "quarkus-run.jar").toAbsolutePath().toString())
                    .redirectErrorStream(true).redirectOutput(work.resolve("router-" + i + ".log").toFile());
            builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
            builder.environment().put("DB_URL", postgres.getJdbcUrl("postgres", "postgres"));
            builder.environment().put("DB_USER", "postgres");
            builder.environment().put("DB_PASSWORD", "postgres");
            builder.environment().put("ROUTER_ROUTING_FILE", routing.toAbsolutePath().toString());
            builder.environment().put("ROUTER_ADMIN_KEY", ADMIN);
            builder.environment().put("ROUTER_KEYS_REFRESH", "1s");
            routers.add(builder.start());
            ports.add(port);
        }
        for (int port : ports) {
            awaitReady(port);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        for (Process p : routers) {
            p.destroy();
            p.waitFor();
        }
        if (fake != null) {
            fake.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void twoRoutersTogetherNeverSpendPastTheBudgetByMoreThanOneRequest() throws Exception {
        HttpResponse<String> created = send(ports.get(0), "/admin/keys", "Bearer " + ADMIN,
                "{\"name\":\"pair\",\"daily_budget_usd\":" + BUDGET + ",\"over_budget\":\"refuse\"}");
        assertEquals(201, created.statusCode(), created.body());
        Matcher key = Pattern.compile("\"key\":\"(lar-[^\"]+)\"").matcher(created.body());
        assertTrue(key.find());
        Thread.sleep(2500);                       // the second router re-reads keys every second

        String chat = "{\"messages\":[{\"role\":\"user\",\"content\":\"Say ok\"}],\"max_tokens\":10}";
        ExecutorService pool = Executors.newFixedThreadPool(50);
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            int port = ports.get(i % 2);
            results.add(pool.submit(() -> send(port, "/v1/chat/completions", "Bearer " + key.group(1), chat)
                    .statusCode()));
        }
        int ok = 0;
        for (Future<Integer> f : results) {
            int status = f.get();
            assertTrue(status == 200 || status == 429, "served or refused, not " + status);
            ok += status == 200 ? 1 : 0;
        }
        pool.shutdown();
        assertTrue(ok > 0 && ok < 50, ok + " of 50 served");

        double[] spent = awaitLoggedSpend(ok);
        System.out.printf("two routers: %d of 50 served, %.4f USD spent of a %.2f USD budget%n", ok, spent[0], BUDGET);
        assertTrue(spent[0] <= BUDGET + spent[1] + 1e-9,
                "spent " + spent[0] + " USD with a budget of " + BUDGET + " (largest request " + spent[1] + ")");
    }

    @Test
    void twoRoutersTogetherServeAKeyNoMoreThanItsRequestsPerMinute() throws Exception {
        awaitMinuteHeadroom();
        HttpResponse<String> created = send(ports.get(0), "/admin/keys", "Bearer " + ADMIN,
                "{\"name\":\"paced\",\"requests_per_minute\":20}");
        assertEquals(201, created.statusCode(), created.body());
        Matcher found = Pattern.compile("\"key\":\"(lar-[^\"]+)\"").matcher(created.body());
        assertTrue(found.find());
        String key = "Bearer " + found.group(1);
        int served = 0;
        for (int port : ports) {                       // until the second router has read the new key (1 s)
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            int status;
            while ((status = get(port, "/v1/models", key).statusCode()) == 401 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertEquals(200, status, "router on port " + port + " knows the key");
            served++;
        }
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<HttpResponse<String>>> results = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            int port = ports.get(i % 2);
            results.add(pool.submit(() -> get(port, "/v1/models", key)));
        }
        int[] perRouter = new int[2];
        for (int i = 0; i < results.size(); i++) {
            HttpResponse<String> r = results.get(i).get();
            assertTrue(r.statusCode() == 200 || r.statusCode() == 429, "served or refused, not " + r.statusCode());
            if (r.statusCode() == 200) {
                perRouter[i % 2]++;
            } else {
                assertTrue(r.headers().firstValue("Retry-After").isPresent(), "a refusal says when to come back");
                assertTrue(r.body().contains("rate_limit_exceeded"), r.body());
            }
        }
        pool.shutdown();
        served += perRouter[0] + perRouter[1];
        System.out.printf("two routers, 20 requests per minute: %d + %d of 60 served, %d in the minute with the"
                + " first two%n", perRouter[0], perRouter[1], served);
        // no more than the limit; and at most one slice each (2 of 20) taken by a router after its last request
        assertTrue(served <= 20 && served >= 16, served + " served: both routers together hold the key to 20 requests");
        assertTrue(perRouter[0] > 0 && perRouter[1] > 0, "both routers served some");
    }

    /** Starts the test early in a minute, so all of it falls in one: the limit counts per calendar minute. */
    static void awaitMinuteHeadroom() throws InterruptedException {
        while (System.currentTimeMillis() % 60_000 > 40_000) {
            Thread.sleep(200);
        }
    }

    static HttpResponse<String> get(int port, String path, String auth) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", auth).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Sum and largest cost of the key's served requests, once both routers have written them. */
    static double[] awaitLoggedSpend(int served) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try (Connection c = postgres.getPostgresDatabase().getConnection();
                 ResultSet r = c.createStatement().executeQuery("select count(*), coalesce(sum(cost_usd), 0),"
                         + " coalesce(max(cost_usd), 0) from request_log where client_key = 'pair' and status = 200")) {
                r.next();
                if (r.getInt(1) >= served || System.nanoTime() > deadline) {
                    assertEquals(served, r.getInt(1), "one row per served request");
                    return new double[]{r.getDouble(2), r.getDouble(3)};
                }
            }
            Thread.sleep(200);
        }
    }

    static HttpResponse<String> send(int port, String path, String auth, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", auth).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static void awaitReady(int port) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/q/health/ready")).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(200);
        }
        throw new AssertionError("router on port " + port + " not ready; see target/two-routers/");
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
