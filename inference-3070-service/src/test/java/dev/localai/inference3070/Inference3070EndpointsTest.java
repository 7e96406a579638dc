package dev.localai.inference3070;

import dev.localai.testsupport.contract.ServiceEndpointsContract;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
@QuarkusTestResource(InferenceTestModels.class)
class Inference3070EndpointsTest extends ServiceEndpointsContract {

    @Test
    void readinessListsEveryModelWithItsState() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'models' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'models' }.data.slow", notNullValue())
                .body("checks.find { it.name == 'models' }.data.'demo-tiny'", notNullValue());
    }

    @Test
    void answersHealthLikeLlamaServer() {
        given().get("/health").then().statusCode(200).body("status", equalTo("ok"));
    }

    @Test
    void readinessNamesTheReasonOfABrokenModel() {
        given().post("/models/broken/load");
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'models' }.data.broken", startsWith("error: not a GGUF file"));
    }

    @Test
    void exportsInferenceMetricsAndGpuMemoryAsUnknown() {
        given().contentType("application/json")
                .body("{\"model\":\"demo-tiny\",\"max_tokens\":3,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")
                .post("/v1/chat/completions").then().statusCode(200);
        given().accept("text/plain").get("/q/metrics").then().statusCode(200)
                .body(containsString("inference_tokens_generated_total{model=\"demo-tiny\""))
                .body(containsString("inference_time_to_first_token_seconds_count{model=\"demo-tiny\""))
                .body(containsString("inference_model_state{model=\"demo-tiny\",state=\"ready\""))
                .body(containsString("inference_queue_depth{model=\"slow\""))
                .body(containsString("inference_requests_in_flight{model=\"demo-tiny\""))
                .body(containsString("inference_tokens_per_second{model=\"demo-tiny\""))
                .body(containsString("inference_model_last_load_seconds{model=\"demo-tiny\""))
                .body(containsString("inference_model_load_seconds_count{model=\"demo-tiny\""))
                .body(containsString("inference_gpu_memory_used_bytes NaN"))
                .body(containsString("inference_gpu_memory_known 0.0"));
    }
}
