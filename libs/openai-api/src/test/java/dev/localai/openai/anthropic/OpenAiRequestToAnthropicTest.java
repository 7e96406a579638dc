package dev.localai.openai.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.localai.openai.ChatCompletionRequest;
import dev.localai.openai.ChatMessage;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.localai.openai.anthropic.Docs.JSON;
import static dev.localai.openai.anthropic.Docs.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OpenAiRequestToAnthropicTest {

    private final OpenAiRequestToAnthropic translator = new OpenAiRequestToAnthropic();

    /** An agent's tool round trip, as OpenAI clients send it, with two system messages and an image. */
    private static final String AGENT_REQUEST = """
            {
              "model": "claude-sonnet-4-20250514",
              "messages": [
                {"role": "system", "content": "You are a weather bot."},
                {"role": "developer", "content": [{"type": "text", "text": "Answer in one sentence."}]},
                {"role": "user", "content": [
                  {"type": "text", "text": "Weather where this was taken?"},
                  {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo=", "detail": "low"}},
                  {"type": "image_url", "image_url": {"url": "https://example.com/ant.jpg"}}
                ]},
                {"role": "user", "content": "It is in California."},
                {"role": "assistant", "content": null, "tool_calls": [
                  {"id": "call_1", "type": "function", "function": {"name": "get_weather", "arguments": "{\\"location\\":\\"San Francisco, CA\\"}"}},
                  {"id": "call_2", "type": "function", "function": {"name": "get_time", "arguments": ""}}
                ]},
                {"role": "tool", "tool_call_id": "call_1", "content": "15 degrees"},
                {"role": "tool", "tool_call_id": "call_2", "content": "noon"},
                {"role": "user", "content": "And tomorrow?"}
              ],
              "tools": [
                {"type": "function", "function": {"name": "get_weather", "description": "Get the weather",
                  "parameters": {"type": "object", "properties": {"location": {"type": "string"}}, "required": ["location"]}}},
                {"type": "function", "function": {"name": "get_time"}}
              ],
              "tool_choice": "required",
              "parallel_tool_calls": false,
              "max_completion_tokens": 300,
              "stop": "END",
              "temperature": 1.6,
              "top_p": 0.9,
              "top_k": 40,
              "user": "user-123",
              "stream": true,
              "stream_options": {"include_usage": true},
              "seed": 7,
              "response_format": {"type": "text"},
              "keep_alive": "5m"
            }""";

    @Test
    void systemAndDeveloperMessagesAreJoinedIntoTheTopLevelSystem() {
        MessagesRequest request = translator.translate(read(AGENT_REQUEST, ChatCompletionRequest.class));
        assertEquals("You are a weather bot.\n\nAnswer in one sentence.", ((Content.Text) request.system()).value());
        assertTrue(request.messages().stream().noneMatch(m -> "system".equals(m.role())));
    }

    @Test
    void toolCallsBecomeToolUseAndToolMessagesBecomeToolResultsInAUserTurn() {
        MessagesRequest request = translator.translate(read(AGENT_REQUEST, ChatCompletionRequest.class));
        assertEquals(List.of("user", "assistant", "user"), request.messages().stream().map(InputMessage::role).toList());

        List<ContentBlock> user = request.messages().get(0).blocks();
        assertEquals(List.of("text", "image", "image", "text"), user.stream().map(ContentBlock::type).toList(),
                "two user messages merged into one turn");
        assertEquals(ImageSource.base64("image/png", "iVBORw0KGgo="), user.get(1).source());
        assertEquals(ImageSource.url("https://example.com/ant.jpg"), user.get(2).source());

        List<ContentBlock> assistant = request.messages().get(1).blocks();
        assertEquals(ContentBlock.toolUse("call_1", "get_weather",
                Docs.tree("{\"location\":\"San Francisco, CA\"}")), assistant.get(0));
        assertEquals(JSON.createObjectNode(), assistant.get(1).input(), "empty arguments are an empty object");

        List<ContentBlock> results = request.messages().get(2).blocks();
        assertEquals(List.of("tool_result", "tool_result", "text"), results.stream().map(ContentBlock::type).toList());
        assertEquals("call_1", results.get(0).toolUseId());
        assertEquals("15 degrees", results.get(0).content().text());
        assertEquals("And tomorrow?", results.get(2).text());
    }

    @Test
    void samplingLimitsToolsAndUserAreMappedAndOpenAiOnlyFieldsAreLeftOut() {
        MessagesRequest request = translator.translate(read(AGENT_REQUEST, ChatCompletionRequest.class));
        assertEquals(300, request.maxTokens());
        assertEquals(List.of("END"), request.stopSequences());
        assertEquals(1.0, request.temperature(), "capped at Anthropic's maximum");
        assertEquals(0.9, request.topP());
        assertEquals(40, request.topK());
        assertTrue(request.wantsStream());
        assertEquals("user-123", request.metadata().get("user_id").asText());
        assertEquals(new ToolChoice("any", null, true, null), request.toolChoice());
        assertEquals("get_weather", request.tools().get(0).name());
        assertEquals("location", request.tools().get(0).inputSchema().get("required").get(0).asText());
        assertEquals("{\"type\":\"object\",\"properties\":{}}", request.tools().get(1).inputSchema().toString(),
                "a function without parameters still gets the object schema Anthropic requires");

        JsonNode written = JSON.valueToTree(request);
        for (String openAiOnly : List.of("stream_options", "seed", "response_format", "keep_alive", "user",
                "parallel_tool_calls", "max_completion_tokens", "stop", "n")) {
            assertFalse(written.has(openAiOnly), openAiOnly + " must not reach Anthropic: " + written);
        }
    }

    @Test
    void maxTokensDefaultsWhenTheClientSetNoLimit() {
        ChatCompletionRequest plain = ChatCompletionRequest.of("claude", List.of(ChatMessage.user("hi")));
        assertEquals(OpenAiRequestToAnthropic.DEFAULT_MAX_TOKENS, translator.translate(plain).maxTokens());
        assertEquals(512, new OpenAiRequestToAnthropic(512).translate(plain).maxTokens());
        assertThrows(IllegalArgumentException.class, () -> new OpenAiRequestToAnthropic(0));
    }

    @Test
    void aPlainConversationKeepsStringContentAndConsecutiveTurnsMerge() {
        ChatCompletionRequest chat = ChatCompletionRequest.of("claude", List.of(ChatMessage.user("Hello there."),
                ChatMessage.assistant("Hi, I'm Claude. How can I help you?"),
                ChatMessage.user("Can you explain LLMs in plain English?"), ChatMessage.user("Briefly.")));
        MessagesRequest request = translator.translate(chat);
        JsonNode written = JSON.valueToTree(request);
        assertEquals("Hello there.", written.at("/messages/0/content").asText());
        assertEquals("Hi, I'm Claude. How can I help you?", written.at("/messages/1/content").asText());
        assertEquals("[{\"type\":\"text\",\"text\":\"Can you explain LLMs in plain English?\"},"
                + "{\"type\":\"text\",\"text\":\"Briefly.\"}]", written.at("/messages/2/content").toString());
        assertNull(request.system());
        assertNull(request.tools());
        assertNull(request.toolChoice());
    }

    @Test
    void emptyTextIsDroppedBecauseAnthropicRefusesIt() {
        ChatCompletionRequest chat = ChatCompletionRequest.of("claude", List.of(ChatMessage.user("Hi"),
                ChatMessage.assistant(""), ChatMessage.user("Still there?")));
        MessagesRequest request = translator.translate(chat);
        assertEquals(1, request.messages().size());
        assertEquals("Hi\nStill there?", request.messages().get(0).content().text());
    }

    @Test
    void whatAnthropicCannotTakeIsRefusedNamingTheField() {
        TranslationException audio = assertThrows(TranslationException.class, () -> translator.translate(read("""
                {"model": "claude", "messages": [{"role": "user", "content": [
                  {"type": "input_audio", "input_audio": {"data": "AAA=", "format": "wav"}}]}]}""",
                ChatCompletionRequest.class)));
        assertEquals("messages[0].content[0]", audio.param());

        TranslationException choices = assertThrows(TranslationException.class, () -> translator.translate(read(
                "{\"model\":\"claude\",\"n\":2,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                ChatCompletionRequest.class)));
        assertEquals("n", choices.param());

        TranslationException arguments = assertThrows(TranslationException.class, () -> translator.translate(read("""
                {"model": "claude", "messages": [{"role": "assistant", "tool_calls": [
                  {"id": "call_1", "type": "function", "function": {"name": "f", "arguments": "not json"}}]}]}""",
                ChatCompletionRequest.class)));
        assertEquals("messages[0].tool_calls[0].function.arguments", arguments.param());
    }

    @Test
    void aNamedFunctionChoiceBecomesAToolChoiceAndNoneStaysNone() {
        String base = "{\"model\":\"claude\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}],\"tool_choice\":";
        assertEquals(ToolChoice.tool("f"), translator.translate(read(base
                + "{\"type\":\"function\",\"function\":{\"name\":\"f\"}}}", ChatCompletionRequest.class)).toolChoice());
        assertEquals(ToolChoice.of("none"), translator.translate(read(base + "\"none\"}",
                ChatCompletionRequest.class)).toolChoice());
        assertEquals(ToolChoice.of("auto"), translator.translate(read(base + "\"auto\"}",
                ChatCompletionRequest.class)).toolChoice());
    }

    @Test
    void aPdfFileBecomesADocumentBlock() {
        MessagesRequest request = translator.translate(read("""
                {"model": "claude", "messages": [{"role": "user", "content": [
                  {"type": "file", "file": {"filename": "a.pdf", "file_data": "data:application/pdf;base64,JVBERi0x"}},
                  {"type": "text", "text": "Summarize."}]}]}""", ChatCompletionRequest.class));
        JsonNode document = JSON.valueToTree(request.messages().get(0).blocks().get(0));
        assertEquals("{\"type\":\"document\",\"source\":{\"type\":\"base64\",\"media_type\":\"application/pdf\","
                + "\"data\":\"JVBERi0x\"}}", document.toString());
    }
}
