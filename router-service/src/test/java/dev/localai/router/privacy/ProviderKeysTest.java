package dev.localai.router.privacy;

import dev.localai.router.routing.HomeLabResource;
import dev.localai.testsupport.postgres.PostgresResource;
import dev.localai.standins.upstream.Behaviour;
import dev.localai.standins.upstream.RecordedRequest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The OpenRouter key (sk-or-test-key in the test routing file) is used and never shown. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(value = HomeLabResource.class, restrictToAnnotatedClass = true)
class ProviderKeysTest {

    static final String KEY = "sk-or-test-key";

    @BeforeEach
    void reset() {
        HomeLabResource.CLOUD.reset();
    }

    @Test
    void providersSayWhichKeysAreConfiguredWithoutTheirValues() {
        given().get("/api/providers").then().statusCode(200)
                .body("data.find { it.name == 'openrouter' }.key_configured", equalTo(true))
                .body("data.find { it.name == 'openrouter' }.key_source", equalTo("routing file"))
                .body("data.find { it.name == 'gpu-3070' }.key_configured", equalTo(false))
                .body(not(containsString(KEY)));
    }

    @Test
    void sendsTheKeyAndOpenRoutersAttributionHeadersToOpenRouterOnly() {
        given().contentType("application/json")
                .body("{\"model\":\"openrouter/openai/gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .post("/v1/chat/completions").then().statusCode(200).header("X-Router-Backend", "openrouter");
        RecordedRequest sent = chats().get(0);
        assertEquals("Bearer " + KEY, sent.header("Authorization"));
        assertEquals("Local AI Router", sent.header("X-Title"));
        assertEquals("https://github.com/local-ai-router", sent.header("HTTP-Referer"));
    }

    @Test
    void neverEchoesTheKeyInErrorsExplanationsOrMetrics() {
        HomeLabResource.CLOUD.behave(Behaviour.status(401,
                "{\"error\":{\"message\":\"Invalid key " + KEY + "\",\"type\":\"auth\",\"code\":401}}"));
        String error = given().contentType("application/json")
                .body("{\"model\":\"openrouter/openai/gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .post("/v1/chat/completions").then().extract().asString();
        org.junit.jupiter.api.Assertions.assertFalse(error.contains(KEY), error);
        given().contentType("application/json").body("{\"messages\":[{\"role\":\"user\",\"content\":\"hi #burst\"}]}")
                .post("/v1/route/explain").then().statusCode(200).body(not(containsString(KEY)));
        given().get("/q/metrics").then().body(not(containsString(KEY)));
        HomeLabResource.CLOUD.behave(Behaviour.normal());
    }

    static List<RecordedRequest> chats() {
        return HomeLabResource.CLOUD.requests().stream().filter(r -> r.path().endsWith("/chat/completions")).toList();
    }
}
