package dev.localai.inference3070;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static dev.localai.inference3070.ChatCompletionsTest.post;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
@QuarkusTestResource(InferenceTestModels.class)
class ModelsApiTest {

    @Test
    void listsEveryConfiguredModel() {
        given().get("/v1/models").then().statusCode(200)
                .body("object", equalTo("list"))
                .body("data.id", hasItems("demo-tiny", "slow", "broken", "embedder"))
                .body("data[0].object", equalTo("model"))
                .body("data[0].owned_by", equalTo("inference-3070"));
    }

    @Test
    void statusShowsStateLoadTimeLastUseAndTokensPerSecond() {
        post("/v1/chat/completions", ChatCompletionsTest.chat("demo-tiny", 8, "")).then().statusCode(200);
        given().get("/models/status").then().statusCode(200)
                .body("models", hasSize(4))
                .body("models.find { it.name == 'demo-tiny' }.state", equalTo("ready"))
                .body("models.find { it.name == 'demo-tiny' }.engine", equalTo("llama-cpp"))
                .body("models.find { it.name == 'demo-tiny' }.load_time_ms", notNullValue())
                .body("models.find { it.name == 'demo-tiny' }.last_use", notNullValue())
                .body("models.find { it.name == 'demo-tiny' }.in_flight", equalTo(0))
                .body("models.find { it.name == 'demo-tiny' }.tokens_per_second", greaterThan(0f))
                .body("memory_budget_mb", equalTo(7000));
    }

    @Test
    void unloadsAndLoadsOnRequest() {
        given().post("/models/demo-tiny/unload").then().statusCode(200).body("state", equalTo("not_loaded"));
        given().post("/models/demo-tiny/load").then().statusCode(200).body("state", equalTo("ready"))
                .body("load_time_ms", notNullValue());
    }

    @Test
    void loadingABrokenModelIs503WithTheReasonAndLeavesItInError() {
        given().post("/models/broken/load").then().statusCode(503)
                .body("error.message", containsString("not a GGUF file"));
        given().get("/models/status").then()
                .body("models.find { it.name == 'broken' }.state", equalTo("error"))
                .body("models.find { it.name == 'broken' }.reason", containsString("not a GGUF file"));
    }

    @Test
    void loadingAnUnknownModelIs404() {
        given().post("/models/nope/load").then().statusCode(404).body("error.code", equalTo("model_not_found"));
    }

    @Test
    void embedsWithAModelThatServesEmbeddings() {
        post("/v1/embeddings", "{\"model\":\"embedder\",\"input\":[\"Hello\",\"world\"]}").then().statusCode(200)
                .body("object", equalTo("list"))
                .body("data", hasSize(2))
                .body("data[1].index", equalTo(1))
                .body("data[0].embedding.size()", equalTo(64))
                .body("usage.prompt_tokens", greaterThan(0));
    }

    @Test
    void embeddingsFromAModelWithoutThemAre400() {
        post("/v1/embeddings", "{\"model\":\"demo-tiny\",\"input\":\"Hello\"}").then().statusCode(400)
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.message", containsString("does not serve embeddings"));
    }

    @Test
    void answersATextCompletion() {
        post("/v1/completions", "{\"model\":\"demo-tiny\",\"prompt\":\"Once upon a time\",\"max_tokens\":5,\"temperature\":0}")
                .then().statusCode(200)
                .body("object", equalTo("text_completion"))
                .body("choices[0].text.length()", equalTo(5))
                .body("choices[0].finish_reason", equalTo("length"))
                .body("usage.completion_tokens", equalTo(5));
    }

    @Test
    void streamsATextCompletion() {
        String body = post("/v1/completions",
                "{\"model\":\"demo-tiny\",\"prompt\":\"Once upon a time\",\"max_tokens\":4,\"stream\":true}")
                .then().statusCode(200).contentType(containsString("text/event-stream")).extract().asString();
        org.junit.jupiter.api.Assertions.assertEquals(4 + 1 + 1, ChatCompletionsTest.events(body).size(), body);
    }

    @Test
    void unknownPathsAnswerInOpenAiShape() {
        given().get("/v1/nothing-here").then().statusCode(404).body("error.type", equalTo("invalid_request_error"));
    }
}
