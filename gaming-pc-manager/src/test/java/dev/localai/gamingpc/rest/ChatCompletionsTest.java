package dev.localai.gamingpc.rest;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.localai.gamingpc.Api.chat;
import static dev.localai.gamingpc.Api.post;
import static dev.localai.gamingpc.Api.gamingMode;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class ChatCompletionsTest {

    @BeforeEach
    void gamingModeOffFirst() {
        gamingMode(false);
    }

    @Test
    void answersAChatCompletionWithTheDemoModel() {
        post("/v1/chat/completions", chat("demo-tiny", 6, "")).then().statusCode(200)
                .body("object", equalTo("chat.completion"))
                .body("model", equalTo("demo-tiny"))
                .body("choices[0].message.content.length()", equalTo(6))
                .body("usage.completion_tokens", equalTo(6));
    }

    @Test
    void streamsServerSentEventsEndingInDone() {
        Response response = post("/v1/chat/completions", chat("demo-tiny", 4, ",\"stream\":true"));
        response.then().statusCode(200).contentType(startsWith("text/event-stream"));
        String body = response.asString();
        assertTrue(body.contains("\"role\":\"assistant\""), body);
        assertTrue(body.endsWith("data: [DONE]\n\n"), body);
    }

    @Test
    void exportsTheSameInferenceMetricsAsThe3070Service() {
        post("/v1/chat/completions", chat("demo-tiny", 3, "")).then().statusCode(200);
        given().accept("text/plain").get("/q/metrics").then().statusCode(200)
                .body(containsString("inference_tokens_generated_total{model=\"demo-tiny\""))
                .body(containsString("inference_time_to_first_token_seconds_count{model=\"demo-tiny\""))
                .body(containsString("inference_model_state{model=\"demo-tiny\""))
                .body(containsString("inference_gpu_memory_known"));
    }

    @Test
    void listsTheModels() {
        given().get("/v1/models").then().statusCode(200).body("object", equalTo("list"))
                .body("data.id", hasItem("demo-tiny")).body("data[0].owned_by", equalTo("gaming-pc"));
    }

    @Test
    void anUnknownModelIs404InOpenAisErrorShape() {
        post("/v1/chat/completions", chat("nope", 2, "")).then().statusCode(404)
                .body("error.code", equalTo("model_not_found")).body("error.param", equalTo("model"));
    }

    @Test
    void anUnknownUrlIs404InOpenAisErrorShape() {
        given().get("/v2/nothing").then().statusCode(404).body("error.type", equalTo("invalid_request_error"));
    }
}
