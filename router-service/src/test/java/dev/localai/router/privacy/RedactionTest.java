package dev.localai.router.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.localai.router.routing.HomeLabResource;
import dev.localai.testsupport.postgres.PostgresResource;
import dev.localai.standins.upstream.RecordedRequest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(value = HomeLabResource.class, restrictToAnnotatedClass = true)
class RedactionTest {

    static final String SECRETS = "Deploy with key sk-proj-AbCdEfGhIjKlMnOpQrStUvWx0123 and token"
            + " ghp_0123456789abcdefghijABCDEFGHIJ012345, AWS AKIAIOSFODNN7EXAMPLE,"
            + " header Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig and password=hunter2;"
            + " key: -----BEGIN OPENSSH PRIVATE KEY-----\\nb3BlbnNzaC1rZXktdjEAAAAA\\n-----END OPENSSH PRIVATE KEY-----";

    @BeforeEach
    void reset() {
        HomeLabResource.SMALL.reset();
        HomeLabResource.CLOUD.reset();
    }

    static String chat(String model) {
        return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"" + SECRETS + "\"}]}]}";
    }

    static String lastChatTo(dev.localai.standins.upstream.FakeUpstream fake) {
        List<RecordedRequest> chats = fake.requests().stream()
                .filter(r -> r.path().equals("/v1/chat/completions")).toList();
        JsonNode body = chats.get(chats.size() - 1).json();
        return body.get("messages").get(1).get("content").get(0).get("text").asText();
    }

    @Test
    void redactsSecretsBeforeARequestLeavesTheHouse() {
        given().contentType("application/json").body(chat("openrouter/openai/gpt-4o-mini"))
                .post("/v1/chat/completions").then().statusCode(200);
        String received = lastChatTo(HomeLabResource.CLOUD);
        for (String secret : List.of("sk-proj-AbCdEfGh", "ghp_0123456789", "AKIAIOSFODNN7EXAMPLE", "eyJhbGciOiJIUzI1NiJ9",
                "hunter2", "b3BlbnNzaC1rZXktdjEAAAAA")) {
            assertFalse(received.contains(secret), secret + " reached the cloud: " + received);
        }
        for (String mark : List.of("[REDACTED:api_key]", "[REDACTED:github_token]", "[REDACTED:aws_access_key]",
                "[REDACTED:bearer_token]", "password=[REDACTED:password]", "[REDACTED:private_key]")) {
            assertTrue(received.contains(mark), mark + " missing in " + received);
        }
        assertTrue(received.startsWith("Deploy with key "), "the rest of the text is kept: " + received);
        given().get("/q/metrics").then().body(containsString("router_redactions_total{kind=\"api_key\"}"));
    }

    @Test
    void leavesRequestsToHomeBackendsAsTheClientSentThem() {
        given().contentType("application/json").body(chat("small")).post("/v1/chat/completions")
                .then().statusCode(200);
        assertEquals(SECRETS.replace("\\n", "\n"), lastChatTo(HomeLabResource.SMALL));
    }
}
