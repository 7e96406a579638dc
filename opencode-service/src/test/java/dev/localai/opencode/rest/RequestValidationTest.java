package dev.localai.opencode.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.localai.opencode.Await;
import dev.localai.opencode.Chat;
import dev.localai.opencode.InjectFake;
import dev.localai.opencode.OpencodeWithFakeProvider;
import dev.localai.standins.upstream.FakeUpstream;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Bad input gets a 4xx in OpenAI's error shape that names the problem, and nothing reaches OpenCode's provider. */
@QuarkusTest
@QuarkusTestResource(OpencodeWithFakeProvider.class)
class RequestValidationTest {

    @InjectFake
    FakeUpstream fake;

    @BeforeEach
    void running() {
        Await.ready(fake);
    }

    @AfterEach
    void nothingReachedTheProvider() {
        assertEquals(0, fake.requests().stream().filter(r -> r.path().equals("/v1/chat/completions")).count());
    }

    @Test
    void aRequestWithoutMessagesIsRefusedNamingMessages() {
        refused(Chat.JSON.createObjectNode().put("model", "glm-4.7"), 400, "messages", "at least one message");
    }

    @Test
    void anUnknownModelIsA404ModelNotFoundThatListsTheServedOnes() {
        refused(Chat.request("gpt-5", "user", "hi"), 404, "model", "serves claude-sonnet-4.5, ghost-model, glm-4.7, impatient-model")
                .body("error.code", equalTo("model_not_found"));
    }

    @Test
    void aServedModelWhoseOpenCodeModelIsMissingIsA404ThatSaysWhy() {
        refused(Chat.request("ghost-model", "user", "hi"), 404, "model", "nowhere/ghost")
                .body("error.code", equalTo("model_not_found"));
    }

    @Test
    void toolsAreRefusedBecauseTheBridgeCannotHonourThem() {
        ObjectNode request = Chat.request("glm-4.7", "user", "what is the weather?");
        request.putArray("tools").addObject().put("type", "function").putObject("function").put("name", "weather");
        refused(request, 400, "tools", "tools cannot be honoured");
    }

    @Test
    void moreThanOneChoiceIsRefused() {
        refused(Chat.request("glm-4.7", "user", "hi").put("n", 3), 400, "n", "one choice");
    }

    @Test
    void aJsonSchemaResponseFormatIsRefused() {
        ObjectNode request = Chat.request("glm-4.7", "user", "hi");
        request.putObject("response_format").put("type", "json_schema");
        refused(request, 400, "response_format", "json_schema");
    }

    @Test
    void aSystemMessageAfterTheConversationBeganIsRefused() {
        refused(Chat.request("glm-4.7", "user", "hi", "assistant", "hello", "system", "now be rude", "user", "ok"),
                400, "messages[2].role", "put system messages first");
    }

    @Test
    void toolMessagesAreRefused() {
        refused(Chat.request("glm-4.7", "user", "hi", "tool", "{}"), 400, "messages[1].role", "no tools");
    }

    @Test
    void aConversationThatDoesNotEndWithTheUserIsRefused() {
        refused(Chat.request("glm-4.7", "user", "hi", "assistant", "hello"), 400, "messages[1].role",
                "last message must be the user's");
    }

    @Test
    void anImageByUrlIsRefusedBecauseOpenCodeDoesNotFetchIt() {
        ObjectNode request = Chat.JSON.createObjectNode().put("model", "glm-4.7");
        ObjectNode user = request.putArray("messages").addObject().put("role", "user");
        ObjectNode part = user.putArray("content").addObject().put("type", "image_url");
        part.putObject("image_url").put("url", "https://example.com/cat.png");
        refused(request, 400, "messages[0].content[0].image_url", "data: URL");
    }

    @Test
    void audioContentIsRefusedNamingItsType() {
        ObjectNode request = Chat.JSON.createObjectNode().put("model", "glm-4.7");
        ObjectNode user = request.putArray("messages").addObject().put("role", "user");
        user.putArray("content").addObject().put("type", "input_audio").putObject("input_audio");
        refused(request, 400, "messages[0].content[0].type", "input_audio");
    }

    @Test
    void anEmptyLastMessageIsRefused() {
        refused(Chat.request("glm-4.7", "user", "  "), 400, "messages[0].content", "empty");
    }

    @Test
    void aBodyThatIsNotJsonIsA400() {
        given().contentType("application/json").body("{not json").post("/v1/chat/completions").then()
                .statusCode(400).body("error.type", equalTo("invalid_request_error"))
                .body("error.message", containsString("could not parse"));
    }

    @Test
    void modelsListsTheServedNamesOwnedByOpencode() {
        given().get("/v1/models").then().statusCode(200).body("object", equalTo("list"))
                .body("data.id", hasItems("glm-4.7", "claude-sonnet-4.5"))
                .body("data.owned_by", not(hasItems("fake")));
        given().get("/v1/models/glm-4.7").then().statusCode(200).body("id", equalTo("glm-4.7"));
        given().get("/v1/models/nope").then().statusCode(404).body("error.code", equalTo("model_not_found"));
    }

    @Test
    void anUnknownPathIsA404InOpenAisShape() {
        given().get("/v1/nothing-here").then().statusCode(404).body("error.code", equalTo("unknown_url"));
    }

    private io.restassured.response.ValidatableResponse refused(JsonNode request, int status, String param,
                                                                String message) {
        return given().contentType("application/json").body(request.toString()).post("/v1/chat/completions").then()
                .statusCode(status)
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.param", equalTo(param))
                .body("error.message", containsString(message))
                .body("error", not(nullValue()));
    }
}
