package dev.localai.testsupport.contract;

import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * What every service of the stack answers, whatever else it does: liveness and readiness for
 * compose and Kubernetes, Prometheus metrics for Grafana, and an OpenAPI description. A service's
 * test extends this and adds {@code @QuarkusTest}.
 */
public abstract class ServiceEndpointsContract {

    @Test
    void isLive() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void isReady() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void exportsPrometheusMetrics() {
        given().accept("text/plain").get("/q/metrics").then().statusCode(200)
                .contentType(containsString("text/plain"))
                .body(containsString("# TYPE jvm_memory_used_bytes gauge"))
                .body(containsString("process_cpu_usage"));
    }

    @Test
    void describesItsApiInOpenApi() {
        given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("openapi", containsString("3."));
    }
}
