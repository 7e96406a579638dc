package dev.localai.openai.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.localai.openai.ChatCompletionRequest;
import dev.localai.openai.ChatMessage;
import dev.localai.openai.MessageContent;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.localai.openai.anthropic.Docs.JSON;
import static dev.localai.openai.anthropic.Docs.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AnthropicRequestToOpenAiTest {

    @Test
    void theDocumentedHelloWorldRequestBecomesAPlainChatRequest() {
        ChatCompletionRequest request = AnthropicRequestToOpenAi.translate(read("""
                {"model": "claude-sonnet-4-20250514", "max_tokens": 1024,
                 "messages": [{"role": "user", "content": "Hello, world"}]}""", MessagesRequest.class));
        assertEquals("{\"model\":\"claude-sonnet-4-20250514\",\"messages\":[{\"role\":\"user\",\"content\":"
                + "\"Hello, world\"}],\"max_tokens\":1024}", JSON.valueToTree(request).toString());
    }

    @Test
    void systemImagesToolUseAndToolResultsBecomeOpenAiMessagesInOrder() {
        ChatCompletionRequest request = AnthropicRequestToOpenAi.translate(read(Docs.TOOL_REQUEST,
                MessagesRequest.class));
        List<ChatMessage> messages = request.messages();
        assertEquals(List.of("system", "user", "assistant", "tool", "user"),
                messages.stream().map(ChatMessage::role).toList());
        assertEquals("Today's date is 2024-06-01.", messages.get(0).text());

        MessageContent.Parts parts = assertInstanceOf(MessageContent.Parts.class, messages.get(1).content());
        assertEquals("data:image/jpeg;base64,/9j/4AAQSkZJRg==", parts.parts().get(0).imageUrl().get("url").asText());
        assertEquals("https://upload.wikimedia.org/wikipedia/commons/a/a7/Camponotus_flavomarginatus_ant.jpg",
                parts.parts().get(1).imageUrl().get("url").asText());
        assertEquals("What is the weather like where this was taken?", parts.parts().get(2).text());

        ChatMessage assistant = messages.get(2);
        assertEquals("I'll check the weather.", assistant.text());
        assertEquals("toolu_01A09q90qw90lq917835lq9", assistant.toolCalls().get(0).id());
        assertEquals(Docs.tree("{\"location\": \"San Francisco, CA\", \"unit\": \"celsius\"}"),
                Docs.tree(assistant.toolCalls().get(0).function().arguments()));

        assertEquals("toolu_01A09q90qw90lq917835lq9", messages.get(3).toolCallId());
        assertEquals("15 degrees", messages.get(3).text());
        assertInstanceOf(MessageContent.Text.class, messages.get(4).content(), "text-only blocks become a string");
        assertEquals("Thanks, and tomorrow?", messages.get(4).text());
    }

    @Test
    void samplingToolsAndChoicesAreMapped() {
        ChatCompletionRequest request = AnthropicRequestToOpenAi.translate(read(Docs.TOOL_REQUEST,
                MessagesRequest.class));
        assertEquals(1024, request.maxTokens());
        assertEquals(List.of("\n\nHuman:"), request.stopSequences());
        assertEquals(0.5, request.temperature());
        assertEquals(0.7, request.topP());
        assertEquals(5, request.extra().get("top_k").asInt());
        assertFalse(request.extra().get("parallel_tool_calls").asBoolean());
        assertEquals("auto", request.toolChoice().asText());
        assertEquals("13803d75-b4b5-4c3e-b2a2-6f21399b021b", request.user());
        assertEquals("get_weather", request.tools().get(0).function().name());
        assertEquals("location", request.tools().get(0).function().parameters().get("required").get(0).asText());
        assertFalse(request.wantsStream());
        assertNull(request.streamOptions());
        assertFalse(request.extra().containsKey("thinking"), "extended thinking is not forwarded");
    }

    @Test
    void aStreamAsksForUsageBecauseMessageDeltaReportsIt() {
        ChatCompletionRequest request = AnthropicRequestToOpenAi.translate(read("""
                {"model": "local", "max_tokens": 256, "stream": true,
                 "messages": [{"role": "user", "content": "Hello"}]}""", MessagesRequest.class));
        assertTrue(request.wantsStream());
        assertTrue(request.includeUsage());
    }

    @Test
    void toolChoicesMapAndAFailedToolResultSaysSo() {
        String base = "{\"model\":\"m\",\"max_tokens\":10,\"tools\":[{\"name\":\"f\",\"input_schema\":"
                + "{\"type\":\"object\"}}],\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\","
                + "\"tool_use_id\":\"toolu_1\",\"is_error\":true,\"content\":[{\"type\":\"text\",\"text\":\"timeout\"}]}]}],"
                + "\"tool_choice\":";
        ChatCompletionRequest any = AnthropicRequestToOpenAi.translate(read(base + "{\"type\":\"any\"}}",
                MessagesRequest.class));
        assertEquals("required", any.toolChoice().asText());
        assertEquals("Error: timeout", any.messages().get(0).text());
        JsonNode named = AnthropicRequestToOpenAi.translate(read(base + "{\"type\":\"tool\",\"name\":\"f\"}}",
                MessagesRequest.class)).toolChoice();
        assertEquals("{\"type\":\"function\",\"function\":{\"name\":\"f\"}}", named.toString());
        assertEquals("none", AnthropicRequestToOpenAi.translate(read(base + "{\"type\":\"none\"}}",
                MessagesRequest.class)).toolChoice().asText());
    }

    @Test
    void serverToolsAndDocumentsOnlyAnthropicCanServeAreRefused() {
        TranslationException tool = assertThrows(TranslationException.class, () -> AnthropicRequestToOpenAi.translate(
                read("""
                        {"model": "m", "max_tokens": 10, "messages": [{"role": "user", "content": "search"}],
                         "tools": [{"type": "web_search_20250305", "name": "web_search", "max_uses": 5}]}""",
                        MessagesRequest.class)));
        assertEquals("tools[0]", tool.param());
        TranslationException document = assertThrows(TranslationException.class,
                () -> AnthropicRequestToOpenAi.translate(read("""
                        {"model": "m", "max_tokens": 10, "messages": [{"role": "user", "content": [
                          {"type": "document", "source": {"type": "base64", "media_type": "application/pdf", "data": "JVBERi0x"}}]}]}""",
                        MessagesRequest.class)));
        assertEquals("messages[0].content[0]", document.param());
    }
}
