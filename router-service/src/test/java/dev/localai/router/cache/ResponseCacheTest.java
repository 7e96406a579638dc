package dev.localai.router.cache;

import dev.localai.router.accounting.RequestLogTest;
import dev.localai.testsupport.postgres.PostgresResource;
import dev.localai.testsupport.quarkus.FakeUpstreamResource;
import dev.localai.testsupport.quarkus.InjectFakeUpstream;
import dev.localai.standins.upstream.FakeUpstream;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.UUID;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(value = FakeUpstreamResource.class, restrictToAnnotatedClass = true)
class ResponseCacheTest {

    @InjectFakeUpstream
    FakeUpstream fake;

    @BeforeEach
    void reset() {
        fake.reset();
        fake.answer("Cached answers cost nothing.");
    }

    /** Chat requests the backend received (its health probes are not counted). */
    long chats() {
        return fake.requests().stream().filter(r -> r.path().equals("/v1/chat/completions")).count();
    }

    static String chat(String prompt, String temperature, boolean stream) {
        return "{\"model\":\"auto\",\"temperature\":" + temperature + ",\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + "\"}]}";
    }

    static Response post(String body, String... headers) {
        var request = given().contentType("application/json").body(body);
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request = request.header(headers[i], headers[i + 1]);
        }
        return request.post("/v1/chat/completions");
    }

    @Test
    void answersARepeatedTemperatureZeroRequestFromTheCacheAndLogsTheHit() throws Exception {
        String prompt = "repeat " + UUID.randomUUID();
        post(chat(prompt, "0", false)).then().statusCode(200).header("X-Router-Cache", nullValue());
        Response again = post(chat(prompt, "0", false));
        again.then().statusCode(200).header("X-Router-Cache", "hit").header("X-Router-Backend", "fake")
                .body("choices[0].message.content", equalTo("Cached answers cost nothing."));
        assertEquals(1L, chats(), "the backend answered once");
        var row = RequestLogTest.row(again.header("X-Request-Id"));
        assertTrue(row.getBoolean("cache_hit"));
        assertEquals(0.0, row.getDouble("cost_usd"));
        assertTrue(row.getDouble("saved_usd") > 0, "a hit saves what the reference model would have cost");
    }

    @Test
    void noCacheBypassesItAndOtherTemperaturesNeedTheOptInHeader() {
        String prompt = "bypass " + UUID.randomUUID();
        post(chat(prompt, "0", false)).then().statusCode(200);
        post(chat(prompt, "0", false), "Cache-Control", "no-cache").then().header("X-Router-Cache", nullValue());
        assertEquals(2L, chats());

        String warm = "warm " + UUID.randomUUID();
        post(chat(warm, "0.7", false)).then().statusCode(200);
        post(chat(warm, "0.7", false)).then().header("X-Router-Cache", nullValue());
        assertEquals(4L, chats(), "temperature 0.7 is not repeatable by itself");
        post(chat(warm, "0.7", false), "X-Router-Cache", "true").then().statusCode(200);
        post(chat(warm, "0.7", false), "X-Router-Cache", "true").then().header("X-Router-Cache", "hit");
        assertEquals(5L, chats(), "opted in: stored once, then served");
    }

    @Test
    void replaysACachedAnswerAsAStreamToAStreamingClient() {
        String prompt = "stream " + UUID.randomUUID();
        post(chat(prompt, "0", false)).then().statusCode(200);
        Response stream = post(chat(prompt, "0", true));
        stream.then().statusCode(200).header("X-Router-Cache", "hit")
                .contentType(org.hamcrest.Matchers.startsWith("text/event-stream"));
        String body = stream.asString();
        assertTrue(body.endsWith("data: [DONE]\n\n"), body);
        String text = Arrays.stream(body.split("\n\n")).filter(e -> e.startsWith("data: {"))
                .map(e -> io.restassured.path.json.JsonPath.from(e.substring(6)).getString("choices[0].delta.content"))
                .filter(t -> t != null).collect(Collectors.joining());
        assertEquals("Cached answers cost nothing.", text);
        assertEquals(1L, chats());
    }
}
