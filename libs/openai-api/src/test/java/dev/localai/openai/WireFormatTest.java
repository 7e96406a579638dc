package dev.localai.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WireFormatTest {

    private final ObjectMapper json = new ObjectMapper();

    /** 7 read as an int and 7 written from a long are the same JSON number. */
    private static final Comparator<JsonNode> SAME_NUMBER = (a, b) -> a.equals(b) ? 0
            : a.isNumber() && b.isNumber() && a.decimalValue().compareTo(b.decimalValue()) == 0 ? 0 : 1;

    @ParameterizedTest
    @CsvSource({
            "open-webui-request.json, dev.localai.openai.ChatCompletionRequest",
            "agent-tools-request.json, dev.localai.openai.ChatCompletionRequest",
            "completion-response.json, dev.localai.openai.ChatCompletion",
            "tool-call-chunk.json, dev.localai.openai.ChatCompletionChunk"})
    void realPayloadsRoundTripWithEveryFieldKept(String file, Class<?> type) throws IOException {
        JsonNode original = json.readTree(payload(file));
        Object parsed = json.treeToValue(original, type);
        JsonNode written = json.valueToTree(parsed);
        assertTrue(withoutNulls(original).equals(SAME_NUMBER, withoutNulls(written)),
                file + " changed on the way through:\n" + original + "\n" + written);
    }

    @Test
    void unknownFieldsAreKeptInOrderAndForwardedUnchanged() throws IOException {
        ChatCompletionRequest request = json.readValue(payload("open-webui-request.json"), ChatCompletionRequest.class);
        assertEquals(Set.of("keep_alive", "options", "chat_id", "id"), request.extra().keySet());
        assertEquals(8192, request.extra().get("options").get("num_ctx").asInt());

        JsonNode forwarded = json.valueToTree(request.withModel("llama3.1:8b"));
        assertEquals("llama3.1:8b", forwarded.get("model").asText());
        assertEquals("5m", forwarded.get("keep_alive").asText());
        assertEquals("c-1", forwarded.get("metadata").get("chat_id").asText());
    }

    @Test
    void contentIsReadAsStringOrPartsAndWrittenBackInTheSameForm() throws IOException {
        ChatCompletionRequest request = json.readValue(payload("open-webui-request.json"), ChatCompletionRequest.class);
        ChatMessage system = request.messages().get(0);
        ChatMessage user = request.messages().get(1);
        assertInstanceOf(MessageContent.Text.class, system.content());
        assertInstanceOf(MessageContent.Parts.class, user.content());
        assertEquals("What is in this picture?", user.text());
        assertTrue(json.valueToTree(system).get("content").isTextual());
        assertTrue(json.valueToTree(user).get("content").isArray());
        assertEquals("low", ((MessageContent.Parts) user.content()).parts().get(1).imageUrl().get("detail").asText());
    }

    @Test
    void contentThatIsNeitherStringNorArrayIsAClearError() {
        MismatchedInputException e = assertThrows(MismatchedInputException.class, () -> json.readValue(
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":42}]}", ChatCompletionRequest.class));
        assertTrue(e.getMessage().contains("content must be a string or an array"), e.getMessage());
    }

    @Test
    void requestHelpersReadTheClientsIntent() throws IOException {
        ChatCompletionRequest webui = json.readValue(payload("open-webui-request.json"), ChatCompletionRequest.class);
        assertTrue(webui.wantsStream());
        assertTrue(webui.includeUsage());
        assertEquals(512, webui.completionTokenLimit());
        assertEquals(List.of("\n\nUser:"), webui.stopSequences());

        ChatCompletionRequest agent = json.readValue(payload("agent-tools-request.json"), ChatCompletionRequest.class);
        assertFalse(agent.wantsStream());
        assertFalse(agent.includeUsage());
        assertEquals(300, agent.completionTokenLimit());
        assertEquals(List.of("END", "STOP"), agent.stopSequences());
        assertEquals("get_weather", agent.tools().get(0).function().name());
        assertEquals("{\"city\":\"Oslo\"}", agent.messages().get(2).toolCalls().get(0).function().arguments());
        assertEquals("function", agent.toolChoice().get("type").asText());
    }

    @Test
    void absentFieldsStayAbsent() {
        JsonNode written = json.valueToTree(ChatCompletionRequest.of("m", List.of(ChatMessage.user("hi"))));
        assertEquals("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", written.toString());
    }

    @Test
    void errorEnvelopeAlwaysCarriesParamAndCode() {
        JsonNode written = json.valueToTree(ApiError.invalidRequest("messages is required", null, null));
        assertEquals("{\"error\":{\"message\":\"messages is required\",\"type\":\"invalid_request_error\","
                + "\"param\":null,\"code\":null}}", written.toString());
    }

    @Test
    void streamChunkAndUsageHelpers() throws IOException {
        ChatCompletionChunk chunk = json.readValue(payload("tool-call-chunk.json"), ChatCompletionChunk.class);
        assertEquals("", chunk.firstDelta());
        assertEquals("{\"ci", chunk.choices().get(0).delta().toolCalls().get(0).function().arguments());
        ChatCompletion completion = json.readValue(payload("completion-response.json"), ChatCompletion.class);
        assertEquals("Hi there.", completion.firstText());
        assertEquals(22, completion.usage().totalTokens());
        assertEquals(Usage.of(3, 4), new Usage(3, 4, 7, null, null, Map.of()));
    }

    private byte[] payload(String name) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/payloads/" + name)) {
            return in.readAllBytes();
        }
    }

    /** Null-valued known fields may be dropped on the way through; they mean the same as absent. */
    private static JsonNode withoutNulls(JsonNode node) {
        JsonNode copy = node.deepCopy();
        strip(copy);
        return copy;
    }

    private static void strip(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (field.getValue().isNull()) {
                    it.remove();
                } else {
                    strip(field.getValue());
                }
            }
        } else if (node.isArray()) {
            node.forEach(WireFormatTest::strip);
        }
    }
}
