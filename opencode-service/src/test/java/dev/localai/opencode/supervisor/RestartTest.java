package dev.localai.opencode.supervisor;

import dev.localai.opencode.Await;
import dev.localai.opencode.Chat;
import dev.localai.opencode.InjectFake;
import dev.localai.opencode.OpencodeWithFakeProvider;
import dev.localai.standins.upstream.Behaviour;
import dev.localai.standins.upstream.FakeUpstream;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** OpenCode killed with SIGKILL (kill -9): requests in flight fail clearly, it is restarted, the next is served. */
@QuarkusTest
@QuarkusTestResource(OpencodeWithFakeProvider.class)
class RestartTest {

    @InjectFake
    FakeUpstream fake;

    @Inject
    OpencodeSupervisor supervisor;

    @TestHTTPResource("/")
    URL base;

    @BeforeEach
    void running() {
        Await.ready(fake);
    }

    @Test
    void aKilledOpencodeIsRestartedAndTheNextRequestIsServed() throws Exception {
        fake.behave(Behaviour.hangAfterHeaders());
        CompletableFuture<HttpResponse<String>> inFlight = CompletableFuture.supplyAsync(() ->
                Chat.post(base, Chat.streamed(Chat.request("glm-4.7", "user", "hi"), false)));
        assertTrue(fake.awaitRequests(1, Duration.ofSeconds(30)), "the request reached the provider");
        long pid = supervisor.pid();
        int restarts = supervisor.status().restarts();
        assertTrue(pid > 0, "the bridge runs OpenCode itself");

        ProcessHandle.of(pid).orElseThrow().destroyForcibly();            // SIGKILL

        HttpResponse<String> cut = inFlight.get();
        assertEquals(503, cut.statusCode(), cut.body());
        assertTrue(Chat.json(cut.body()).at("/error/message").asText().contains("OpenCode stopped"), cut.body());
        Await.until("the supervisor to see OpenCode gone", Duration.ofSeconds(10),
                () -> supervisor.status().state() != OpencodeState.READY);
        HttpResponse<String> meanwhile = Chat.post(base, Chat.request("glm-4.7", "user", "hi"));
        assertEquals(503, meanwhile.statusCode(), meanwhile.body());
        assertEquals("opencode_unavailable", Chat.json(meanwhile.body()).at("/error/code").asText());
        assertTrue(meanwhile.headers().firstValue("Retry-After").isPresent());
        given().get("/q/health/ready").then().statusCode(503);

        fake.reset();
        Await.ready();
        assertNotEquals(pid, supervisor.pid(), "a new process");
        assertEquals(restarts + 1, supervisor.status().restarts());
        HttpResponse<String> served = Chat.post(base, Chat.request("glm-4.7", "user", "hi"));
        assertEquals(200, served.statusCode(), served.body());
        assertEquals(FakeUpstream.DEFAULT_ANSWER, Chat.json(served.body()).at("/choices/0/message/content").asText());
        given().get("/q/health/ready").then().statusCode(200).body("checks[0].data.restarts", equalTo(restarts + 1));
        given().accept("text/plain").get("/q/metrics").then()
                .body(containsString("opencode_restarts_total " + (restarts + 1) + ".0"))
                .body(containsString("opencode_up 1.0"));
    }
}
