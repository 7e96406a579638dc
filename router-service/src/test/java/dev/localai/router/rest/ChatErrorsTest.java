package dev.localai.router.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.localai.testsupport.postgres.PostgresResource;
import dev.localai.testsupport.quarkus.FakeUpstreamResource;
import dev.localai.testsupport.quarkus.InjectFakeUpstream;
import dev.localai.standins.upstream.Behaviour;
import dev.localai.standins.upstream.FakeUpstream;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;

import static dev.localai.router.rest.ChatCompletionsTest.chat;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every failure a client can meet: the right status, OpenAI's error shape, no stack trace, no hang. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(value = FakeUpstreamResource.class, restrictToAnnotatedClass = true)
class ChatErrorsTest {

    @InjectFakeUpstream
    FakeUpstream fake;

    @TestHTTPResource("/v1/chat/completions")
    URI chatUrl;

    @BeforeEach
    void resetFake() {
        fake.reset();
    }

    /** Chat requests the fake received (the router's health probe asks it for GET /v1/models as well). */
    private long chatCalls() {
        return fake.requests().stream().filter(r -> r.path().endsWith("/chat/completions")).count();
    }

    private static ValidatableResponse post(String body) {
        return given().contentType("application/json").body(body).post("/v1/chat/completions").then()
                .contentType(containsString("application/json"))
                .body("error.message", org.hamcrest.Matchers.not(containsString("Exception")))
                .body("error.message", org.hamcrest.Matchers.not(containsString("\tat ")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "malformed JSON        | {\"messages\": [              | 400 | invalid_json               | ",
            "empty body            |                               | 400 | invalid_json               | ",
            "malformed in a field  | {\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_tokens\":tru} | 400 | invalid_json | ",
            "malformed in a message | {\"messages\":[{\"role\":\"user\",\"content\":\"x\",}]} | 400 | invalid_json | ",
            "not an object         | [1,2]                         | 400 | invalid_type               | ",
            "messages missing      | {\"model\":\"auto\"}          | 400 | missing_required_parameter | messages",
            "messages empty        | {\"messages\":[]}             | 400 | empty_array                | messages",
            "role missing          | {\"messages\":[{\"content\":\"x\"}]} | 400 | missing_required_parameter | messages[0].role",
            "role unknown          | {\"messages\":[{\"role\":\"boss\",\"content\":\"x\"}]} | 400 | invalid_value | messages[0].role",
            "content a number      | {\"messages\":[{\"role\":\"user\",\"content\":5}]} | 400 | invalid_type | messages[0].content",
            "n a string            | {\"n\":\"two\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]} | 400 | invalid_type | n",
            "max_tokens zero       | {\"max_tokens\":0,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]} | 400 | integer_below_min_value | max_tokens",
            "unknown model         | {\"model\":\"gpt-9\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]} | 404 | model_not_found | model",
            "unknown backend model | {\"model\":\"fake/other\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]} | 404 | model_not_found | model",
            "tags not strings       | {\"tags\":[5,{\"a\":1}],\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]} | 400 | invalid_type | tags[0]",
            "tags a number          | {\"tags\":5,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]} | 400 | invalid_type | tags",
            "max_tokens a string    | {\"max_tokens\":\"5\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]} | 400 | invalid_type | max_tokens",
            "max_tokens a fraction  | {\"max_tokens\":2.5,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]} | 400 | invalid_type | max_tokens",
            "stream a string        | {\"stream\":\"yes\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]} | 400 | invalid_type | stream",
            "temperature a string   | {\"temperature\":\"0\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]} | 400 | invalid_type | temperature",
            "model a number         | {\"model\":5,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]} | 400 | invalid_type | model",
            "logit_bias a string    | {\"logit_bias\":\"x\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]} | 400 | invalid_type | logit_bias",
            "image_url a number     | {\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":5}]}]} | 400 | invalid_type | messages[0].content[0].image_url",
            "text part without text | {\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\"}]}]} | 400 | missing_required_parameter | messages[0].content[0].text",
            "stop a number          | {\"stop\":7,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]} | 400 | invalid_type | stop"})
    void badRequestsGetAClearClientErrorAndNeverReachTheBackend(String what, String body, int status, String code,
                                                                 String param) {
        post(body == null ? "" : body).statusCode(status)
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.code", equalTo(code))
                .body("error.param", param == null ? nullValue() : equalTo(param));
        assertEquals(0, chatCalls(), what + " reached the backend");
    }

    @Test
    void aBodyThatIsNotJsonByItsContentTypeIs415WithAnErrorBody() {
        given().contentType("text/plain").body(chat("auto", false)).post("/v1/chat/completions").then()
                .statusCode(415).body("error.code", equalTo("unsupported_media_type"))
                .body("error.message", containsString("text/plain"));
        given().contentType("application/json; charset=utf-8").body(chat("auto", false))
                .post("/v1/chat/completions").then().statusCode(200);
        assertEquals(1, chatCalls());
    }

    @Test
    void jsonNestedTooDeeplyIsA400InPlainWords() {
        String deep = "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"metadata\":"
                + "[".repeat(1500) + "]".repeat(1500) + "}";
        post(deep).statusCode(400).body("error.code", equalTo("invalid_json"))
                .body("error.message", org.hamcrest.Matchers.not(containsString("StreamReadConstraints")))
                .body("error.message", containsString("nested too deeply"));
        assertEquals(0, chatCalls());
    }

    @Test
    void tagsGivenAsOneStringAreRead() {
        given().contentType("application/json")
                .body("{\"tags\":\"private, code\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}")
                .post("/v1/route/explain").then().statusCode(200)
                .body("signals.tags.known", org.hamcrest.Matchers.hasItems("private", "code"));
    }

    @Test
    void aMessagesApiBodyOfTheWrongShapeNamesTheFieldNotAJavaType() {
        given().contentType("application/json").body("{\"model\":\"auto\",\"max_tokens\":5,\"messages\":\"hi\"}")
                .post("/v1/messages").then().statusCode(400)
                .body("error.message", containsString("'messages'"))
                .body("error.message", org.hamcrest.Matchers.not(containsString("java.")))
                .body("error.message", org.hamcrest.Matchers.not(containsString("dev.localai")));
    }

    @Test
    void aMalformedBodyOnTheJsonApiSaysWhatIsWrong() {
        given().contentType("application/json").body("{bad").post("/api/costs/simulate").then().statusCode(400)
                .body("error.code", equalTo("invalid_json"))
                .body("error.message", containsString("not valid JSON"));
        String wrong = given().contentType("application/json").body("{\"days\":\"many\"}").post("/api/costs/simulate")
                .then().statusCode(400).extract().asString();
        assertTrue(wrong.contains("\"param\":\"days\"") && wrong.contains("expected an integer"), wrong);
    }

    @Test
    void aLogQueryWithANonNumberIsA400NamingIt() {
        given().get("/api/logs?status=abc").then().statusCode(400).body("error.param", equalTo("status"))
                .body("error.code", equalTo("invalid_value"));
        given().get("/api/logs?page=x").then().statusCode(400).body("error.param", equalTo("page"));
    }

    @Test
    void aBodyOverTheLimitIs413WhetherDeclaredOrChunked() {
        String huge = "{\"messages\":[{\"role\":\"user\",\"content\":\"" + "x".repeat(70_000) + "\"}]}";
        post(huge).statusCode(413).body("error.code", equalTo("request_too_large"));
        given().contentType("application/json").body(new ByteArrayInputStream(huge.getBytes()))  // chunked: no length
                .post("/v1/chat/completions").then().statusCode(413).body("error.code", equalTo("request_too_large"));
        assertEquals(0, chatCalls());
    }

    @Test
    void anUnreachableBackendIsNamedInTheError() {
        // 502 when a request meets the refusal first; 503 once the health probe has marked it down
        ValidatableResponse response = post(chat("down/down-model", false));
        int status = response.extract().statusCode();
        if (status == 502) {
            response.body("error.message", containsString("Backend 'down' is unreachable"))
                    .body("error.code", equalTo("backend_unreachable"));
        } else {
            assertEquals(503, status);
            response.body("error.message", containsString("down: down")).body("error.code", equalTo("no_backend_available"));
        }
        post(chat("down/down-model", false)).statusCode(503).body("error.message", containsString("down: down"));
    }

    @Test
    void aBackendServerErrorIs502WithItsMessage() {
        fake.behave(Behaviour.status(500, "{\"error\":{\"message\":\"CUDA out of memory\",\"type\":\"server_error\","
                + "\"param\":null,\"code\":null}}"));
        post(chat("auto", false)).statusCode(502)
                .body("error.message", containsString("'fake'"))
                .body("error.message", containsString("CUDA out of memory"));
    }

    @Test
    void aBackendRateLimitIsPassedOnWithRetryAfter() {
        fake.behave(Behaviour.rateLimited(Duration.ofSeconds(7)));
        post(chat("auto", true)).statusCode(429).header("Retry-After", "7")
                .body("error.message", containsString("'fake'"));
    }

    @Test
    void aBackendThatStaysSilentIs504AfterTheIdleTimeoutNotAHang() {
        fake.behave(Behaviour.hang());
        long start = System.nanoTime();
        post(chat("auto", false)).statusCode(504).body("error.code", equalTo("backend_timeout"));
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(tookMs >= 2_500 && tookMs < 15_000, "gave up after " + tookMs + " ms; idle timeout is 3 s");
    }

    @Test
    void aStreamThatBreaksOffEndsWithAnErrorEventAndDone() throws Exception {
        fake.behave(Behaviour.dropMidStream(2));
        assertEndsWithErrorEvent(SseTestClient.post(chatUrl, chat("auto", true)), "broke off");
    }

    @Test
    void aStreamWithMalformedEventsEndsWithAnErrorEventAndDone() throws Exception {
        fake.behave(Behaviour.malformedSse());
        assertEndsWithErrorEvent(SseTestClient.post(chatUrl, chat("auto", true)), "not JSON");
    }

    @Test
    void aStreamThatGoesSilentBeforeItsFirstEventIsStillAProper504() {
        fake.behave(Behaviour.hangAfterHeaders());
        post(chat("auto", true)).statusCode(504).body("error.code", equalTo("backend_timeout"));
    }

    private static void assertEndsWithErrorEvent(SseTestClient.Result result, String reason) {
        assertEquals(200, result.status());
        List<String> data = result.data();
        assertEquals("[DONE]", data.get(data.size() - 1), "the stream must end with [DONE]: " + data);
        JsonNode error = ChatCompletionsTest.parse(data.get(data.size() - 2)).get("error");
        assertTrue(error != null && error.get("message").asText().contains(reason), data.toString());
        assertEquals("backend_stream_error", error.get("code").asText());
        for (String event : data.subList(0, data.size() - 1)) {
            ChatCompletionsTest.parse(event);   // every event the client got is JSON
        }
    }

    @Test
    void unknownPathsAndMethodsAnswerInTheSameErrorShape() {
        given().get("/v1/nothing-here").then().statusCode(404).contentType(containsString("application/json"))
                .body("error.code", equalTo("unknown_url"));
        given().delete("/v1/models").then().statusCode(405).body("error.message", containsString("Method"));
    }
}
