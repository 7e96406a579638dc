package dev.localai.evalcli.router;

import com.sun.net.httpserver.HttpServer;
import dev.localai.evalcli.StartOptions;
import dev.localai.standins.upstream.FakeUpstream;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client's rules against a small stand-in of the router's eval API that answers from a script, in the shapes
 * router-service's package evals uses (the run JSON; errors in OpenAI's shape).
 */
@QuarkusTest
class RouterEvalsTest {

    static final String RUN = "{\"id\":\"r1\",\"object\":\"eval.run\",\"name\":\"n\",\"status\":\"running\","
            + "\"progress\":{\"done\":1,\"total\":4},\"prompts\":2,\"csv_errors\":[],\"policies\":[]}";

    @Inject
    RouterEvals evals;

    HttpServer server;
    final Queue<Map.Entry<Integer, String>> script = new ConcurrentLinkedQueue<>();
    final List<String> seen = new CopyOnWriteArrayList<>();
    final List<String> keys = new CopyOnWriteArrayList<>();

    @BeforeEach
    void listen() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
            keys.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            exchange.getRequestBody().readAllBytes();
            Map.Entry<Integer, String> answer = script.isEmpty() ? Map.entry(200, RUN) : script.poll();
            byte[] body = answer.getValue().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.getKey(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        evals.connect(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), "the-admin-key");
    }

    @AfterEach
    void close() {
        server.stop(0);
    }

    static StartOptions defaults() {
        return new StartOptions(null, List.of("local", "cascade"), null, List.of(0.5, 0.7), null, null, null, null, null);
    }

    @Test
    void aReadIsRepeatedWhenTheRouterIsBrieflyUnavailable() {
        script.add(Map.entry(503, "{\"error\":{\"message\":\"starting\",\"type\":\"server_error\"}}"));
        assertEquals("running", evals.run("r1").status());
        assertEquals(List.of("GET /api/evals/r1", "GET /api/evals/r1"), seen);
    }

    @Test
    void startingARunIsNotRepeatedOnceTheRouterMayHaveIt() {
        script.add(Map.entry(503, "{\"error\":{\"message\":\"busy\",\"type\":\"server_error\"}}"));
        assertThrows(RouterUnreachable.class, () -> evals.start("prompt\nhi\n", defaults()));
        assertEquals(List.of("POST /api/evals?policies=local,cascade&thresholds=0.5,0.7"), seen.stream()
                .map(s -> s.replace("%2C", ",")).toList(), "one POST, the settings as query parameters");
        assertEquals(List.of("Bearer the-admin-key"), keys);
    }

    @Test
    void everySettingGoesAsAQueryParameterAndTheCsvAsTheBody() {
        evals.start("prompt\nhi\n", new StartOptions("nightly", List.of("local"), "openrouter/openai/gpt-4o-mini",
                List.of(0.3), 0.9, 4, 30, "small", false));
        assertEquals(List.of("POST /api/evals?name=nightly&policies=local&reference=openrouter/openai/gpt-4o-mini"
                + "&thresholds=0.3&target=0.9&concurrency=4&timeout=30&judge=small&stream=false"),
                seen.stream().map(s -> s.replace("%2F", "/")).toList());
    }

    @Test
    void aRefusalCarriesTheStatusAndTheRoutersOwnMessage() {
        script.add(Map.entry(400, "{\"error\":{\"message\":\"the CSV has no 'prompt' column\","
                + "\"type\":\"invalid_request_error\",\"param\":\"prompt\",\"code\":null}}"));
        RouterError refused = assertThrows(RouterError.class, () -> evals.start("question\nhi\n", defaults()));
        assertEquals(400, refused.status());
        assertEquals("the CSV has no 'prompt' column", refused.getMessage());
        assertEquals(1, seen.size(), "a refusal is not repeated");
    }

    @Test
    void aRouterThatIsNotThereIsReportedAsSuchWithoutAnythingSent() {
        evals.connect(URI.create(FakeUpstream.unusedPortUrl()), null);
        RouterUnreachable down = assertThrows(RouterUnreachable.class, () -> evals.start("prompt\nhi\n", defaults()));
        assertTrue(down.nothingSent(), down.toString());
        assertTrue(down.getMessage().startsWith("cannot connect to "), down.getMessage());
    }
}
