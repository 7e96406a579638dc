package dev.localai.router.accounting;

import dev.localai.testsupport.quarkus.FakeUpstreamResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** PostgreSQL stops and starts again in the middle of a load of requests: every answered request has exactly one row. */
@QuarkusTest
@TestProfile(RequestLogDurabilityTest.Profile.class)
class RequestLogDurabilityTest {

    public static class Profile implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(RestartablePostgres.class),
                    new TestResourceEntry(FakeUpstreamResource.class));
        }

        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.datasource.jdbc.acquisition-timeout", "1s");
        }
    }

    @Test
    void losesNoRowAndDoublesNoneWhilePostgresRestartsUnderLoad() throws Exception {
        int requests = 300;
        Set<String> answered = ConcurrentHashMap.newKeySet();
        AtomicInteger sent = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        try {
            Future<?>[] running = new Future<?>[4];
            for (int c = 0; c < running.length; c++) {
                running[c] = clients.submit(() -> {
                    while (sent.incrementAndGet() <= requests) {
                        String id = given().contentType("application/json")
                                .body("{\"messages\":[{\"role\":\"user\",\"content\":\"row " + sent.get() + "\"}]}")
                                .post("/v1/chat/completions").then().statusCode(200).extract().header("X-Request-Id");
                        answered.add(id);
                    }
                    return null;
                });
            }
            while (answered.size() < requests / 3) {
                Thread.sleep(10);
            }
            RestartablePostgres.down();
            int whileDown = answered.size();
            Thread.sleep(2000);
            assertTrue(answered.size() > whileDown, "requests are answered while PostgreSQL is down");
            RestartablePostgres.up();
            for (Future<?> f : running) {
                f.get();
            }
        } finally {
            clients.shutdownNow();
        }
        assertEquals(requests, answered.size());

        long deadline = System.nanoTime() + 30_000_000_000L;
        int rows = 0;
        while (System.nanoTime() < deadline) {
            rows = rowsFor(answered);
            if (rows == requests) {
                break;
            }
            Thread.sleep(200);
        }
        assertEquals(requests, rows, "one row per answered request");
        assertEquals(requests, countAll(), "and nothing else");
        RestAssured.reset();
    }

    private static int rowsFor(Set<String> ids) throws Exception {
        try (Connection c = DriverManager.getConnection(RestartablePostgres.jdbcUrl(), "postgres", "postgres");
             PreparedStatement s = c.prepareStatement("select count(*) from request_log where id = any (?::uuid[])")) {
            s.setArray(1, c.createArrayOf("text", ids.toArray()));
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        } catch (java.sql.SQLException notYet) {
            return -1;
        }
    }

    private static int countAll() throws Exception {
        try (Connection c = DriverManager.getConnection(RestartablePostgres.jdbcUrl(), "postgres", "postgres");
             ResultSet r = c.createStatement().executeQuery("select count(*) from request_log")) {
            r.next();
            return r.getInt(1);
        }
    }
}
