package dev.localai.openai.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.localai.openai.ChatCompletion;
import dev.localai.openai.ChatMessage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.localai.openai.anthropic.Docs.JSON;
import static dev.localai.openai.anthropic.Docs.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class AnthropicMessageToOpenAiTest {

    @Test
    void aTextAnswerBecomesOneChoiceWithItsUsage() {
        ChatCompletion completion = AnthropicMessageToOpenAi.translate(read(Docs.MESSAGE, Message.class), 1_700_000_000L);
        JsonNode written = JSON.valueToTree(completion);
        assertEquals("msg_013Zva2CMHLNnXjNJJKqJ2EF", written.get("id").asText());
        assertEquals("chat.completion", written.get("object").asText());
        assertEquals(1_700_000_000L, written.get("created").asLong());
        assertEquals("claude-sonnet-4-20250514", written.get("model").asText());
        assertEquals("assistant", written.at("/choices/0/message/role").asText());
        assertEquals("Hi! My name is Claude.", written.at("/choices/0/message/content").asText());
        assertEquals("stop", written.at("/choices/0/finish_reason").asText());
        assertEquals("{\"prompt_tokens\":2095,\"completion_tokens\":503,\"total_tokens\":2598}",
                written.get("usage").toString());
    }

    @Test
    void toolUseBecomesToolCallsAndCacheTokensCountAsPromptTokens() {
        ChatCompletion completion = AnthropicMessageToOpenAi.translate(read(Docs.TOOL_USE_MESSAGE, Message.class), 1L);
        ChatMessage message = completion.choices().get(0).message();
        assertEquals("I'll check the current weather in San Francisco for you.", message.text());
        assertEquals("toolu_01A09q90qw90lq917835lq9", message.toolCalls().get(0).id());
        assertEquals("function", message.toolCalls().get(0).type());
        assertEquals("get_weather", message.toolCalls().get(0).function().name());
        assertEquals(Docs.tree("{\"location\": \"San Francisco, CA\", \"unit\": \"celsius\"}"),
                Docs.tree(message.toolCalls().get(0).function().arguments()));
        assertEquals("tool_calls", completion.choices().get(0).finishReason());

        JsonNode usage = JSON.valueToTree(completion.usage());
        assertEquals(21 + 188086 + 1200, usage.get("prompt_tokens").asInt());
        assertEquals(393, usage.get("completion_tokens").asInt());
        assertEquals(21 + 188086 + 1200 + 393, usage.get("total_tokens").asInt());
        assertEquals(1200, usage.at("/prompt_tokens_details/cached_tokens").asInt());
        assertEquals(188086, usage.get("cache_creation_input_tokens").asInt());
        assertEquals(1200, usage.get("cache_read_input_tokens").asInt());
    }

    @Test
    void aToolOnlyAnswerHasNullContentAndThinkingGoesToReasoningContent() {
        Message message = read("""
                {"id": "msg_1", "type": "message", "role": "assistant", "model": "claude", "stop_reason": "tool_use",
                 "stop_sequence": null, "usage": {"input_tokens": 1, "output_tokens": 2},
                 "content": [{"type": "thinking", "thinking": "Let me look it up.", "signature": "EqQB"},
                             {"type": "tool_use", "id": "toolu_1", "name": "lookup", "input": {}}]}""", Message.class);
        ChatMessage translated = AnthropicMessageToOpenAi.translate(message, 1L).choices().get(0).message();
        assertNull(translated.content());
        assertEquals("{}", translated.toolCalls().get(0).function().arguments());
        assertEquals("Let me look it up.", translated.extra().get("reasoning_content").asText());
    }

    @ParameterizedTest
    @CsvSource({"end_turn, stop", "stop_sequence, stop", "max_tokens, length", "tool_use, tool_calls",
            "refusal, content_filter", "pause_turn, stop", "model_context_window_exceeded, length",
            "something_new, stop"})
    void stopReasonsMapToFinishReasons(String stopReason, String finishReason) {
        assertEquals(finishReason, StopReasons.toFinishReason(stopReason));
    }

    @ParameterizedTest
    @CsvSource({"stop, end_turn", "length, max_tokens", "tool_calls, tool_use", "function_call, tool_use",
            "content_filter, refusal", "whatever, end_turn"})
    void finishReasonsMapBackToStopReasons(String finishReason, String stopReason) {
        assertEquals(stopReason, StopReasons.toStopReason(finishReason));
    }

    @Test
    void usageWithoutCacheFieldsHasNoDetailsAndNoMissingFieldIsInvented() {
        assertEquals("{\"prompt_tokens\":3,\"completion_tokens\":4,\"total_tokens\":7}",
                JSON.valueToTree(Usages.toOpenAi(MessageUsage.of(3, 4))).toString());
        assertNull(Usages.toOpenAi(null));
        ChatMessage empty = AnthropicMessageToOpenAi.assistantMessage(List.of());
        assertEquals("", empty.text(), "an empty answer is empty text, not null content");
        assertNull(empty.toolCalls());
    }
}
