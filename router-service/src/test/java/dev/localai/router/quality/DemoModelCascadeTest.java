package dev.localai.router.quality;

import dev.localai.router.accounting.RequestLogTest;
import dev.localai.testsupport.postgres.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.localai.router.quality.DemoModelResource.CLOUD;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A {@code #cascade} request with the real demo model as the 3070, as in {@code ./run.sh}: its random
 * weights write gibberish, which must not reach the client; the next backend answers instead.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(value = DemoModelResource.class, restrictToAnnotatedClass = true)
class DemoModelCascadeTest {

    static final String QUESTION = "#cascade What is the capital of France?";

    @BeforeEach
    void fresh() {
        CLOUD.reset();
        CLOUD.answer("Paris.");
    }

    static String chat(boolean stream) {
        return "{\"stream\":" + stream + ",\"max_tokens\":200,\"messages\":[{\"role\":\"user\",\"content\":\""
                + QUESTION + "\"}]}";
    }

    @Test
    void theDemoModelsGibberishIsEscalatedToTheNextBackend() throws Exception {
        Response r = given().contentType("application/json").body(chat(false)).post("/v1/chat/completions");
        assertEquals(200, r.statusCode());
        assertEquals("cloud", r.header("X-Router-Backend"));
        assertEquals("Paris.", r.jsonPath().getString("choices[0].message.content"));
        assertTrue(r.header("X-Router-Attempts").startsWith("gpu-3070/demo-tiny;score=0.00;verdict=escalated,cloud/m;"),
                r.header("X-Router-Attempts"));
        JsonPath row = RequestLogTest.row(r.header("X-Request-Id"));
        String reasons = row.getString("attempts[0].reasons");
        assertTrue(reasons.contains("checks: reads as no language"), reasons);
        assertTrue(row.getInt("attempts[0].completion_tokens") > 0, "the demo model did answer: " + row.prettify());
    }

    @Test
    void aStreamedRequestNeverShowsTheClientTheDemoModelsGibberish() {
        Response r = given().contentType("application/json").body(chat(true)).post("/v1/chat/completions");
        assertEquals(200, r.statusCode());
        assertEquals("cloud", r.header("X-Router-Backend"));
        assertTrue(r.header("X-Router-Attempts").startsWith("gpu-3070/demo-tiny;score=0.10;verdict=escalated,cloud/m;"),
                r.header("X-Router-Attempts"));
        String body = r.asString();
        assertTrue(body.contains("\"content\":\"Paris.\"") || body.contains("Paris."), body);
        assertFalse(body.contains("demo-tiny"), "no chunk of the demo model's answer reached the client: " + body);
    }
}
