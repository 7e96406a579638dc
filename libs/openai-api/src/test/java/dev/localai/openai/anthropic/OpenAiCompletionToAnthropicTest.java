package dev.localai.openai.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.localai.openai.ChatCompletion;
import org.junit.jupiter.api.Test;

import static dev.localai.openai.anthropic.Docs.JSON;
import static dev.localai.openai.anthropic.Docs.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OpenAiCompletionToAnthropicTest {

    private static final String COMPLETION = """
            {"id": "chatcmpl-abc123", "object": "chat.completion", "created": 1741569952, "model": "qwen2.5-7b",
             "choices": [{"index": 0, "message": {"role": "assistant", "content": "Hi! My name is Claude.",
                          "refusal": null}, "logprobs": null, "finish_reason": "stop"}],
             "usage": {"prompt_tokens": 2095, "completion_tokens": 503, "total_tokens": 2598,
                       "prompt_tokens_details": {"cached_tokens": 0}}}""";

    @Test
    void aCompletionBecomesTheDocumentedMessageShape() {
        Message message = OpenAiCompletionToAnthropic.translate(read(COMPLETION, ChatCompletion.class));
        JsonNode written = JSON.valueToTree(message);
        assertEquals("{\"id\":\"msg_chatcmpl-abc123\",\"type\":\"message\",\"role\":\"assistant\",\"content\":"
                + "[{\"type\":\"text\",\"text\":\"Hi! My name is Claude.\"}],\"model\":\"qwen2.5-7b\","
                + "\"stop_reason\":\"end_turn\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":2095,"
                + "\"output_tokens\":503,\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0}}",
                written.toString());
    }

    @Test
    void toolCallsBecomeToolUseBlocksWithParsedInput() {
        Message message = OpenAiCompletionToAnthropic.translate(read("""
                {"id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": "m",
                 "choices": [{"index": 0, "finish_reason": "tool_calls", "message": {"role": "assistant", "content": null,
                   "tool_calls": [
                     {"id": "call_abc", "type": "function", "function": {"name": "get_weather", "arguments": "{\\"city\\":\\"Oslo\\"}"}},
                     {"id": "call.def", "type": "function", "function": {"name": "broken", "arguments": "{\\"city\\":"}}]}}],
                 "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15}}""", ChatCompletion.class));
        assertEquals(StopReasons.TOOL_USE, message.stopReason());
        assertEquals(2, message.content().size(), "no empty text block");
        assertEquals(ContentBlock.toolUse("call_abc", "get_weather", Docs.tree("{\"city\":\"Oslo\"}")),
                message.content().get(0));
        assertEquals("call_def", message.content().get(1).id(), "ids fit Anthropic's pattern");
        assertEquals("{\"city\":", message.content().get(1).input().get("_unparsed_arguments").asText());
    }

    @Test
    void usageRoundTripsThroughBothTranslations() {
        Message original = read(Docs.TOOL_USE_MESSAGE, Message.class);
        ChatCompletion openAi = AnthropicMessageToOpenAi.translate(original, 1L);
        Message back = OpenAiCompletionToAnthropic.translate(openAi);
        assertEquals(original.usage().inputTokens(), back.usage().inputTokens());
        assertEquals(original.usage().outputTokens(), back.usage().outputTokens());
        assertEquals(original.usage().cacheCreationInputTokens(), back.usage().cacheCreationInputTokens());
        assertEquals(original.usage().cacheReadInputTokens(), back.usage().cacheReadInputTokens());
        assertEquals(original.content(), back.content());
        assertEquals(original.stopReason(), back.stopReason());
        assertEquals(original.id(), back.id());
    }

    @Test
    void anEmptyAnswerHasEmptyContentAndLengthBecomesMaxTokens() {
        Message message = OpenAiCompletionToAnthropic.translate(read("""
                {"id": "x", "object": "chat.completion", "created": 1, "model": "m",
                 "choices": [{"index": 0, "finish_reason": "length", "message": {"role": "assistant", "content": ""}}]}""",
                ChatCompletion.class));
        assertTrue(message.content().isEmpty());
        assertEquals(StopReasons.MAX_TOKENS, message.stopReason());
        assertEquals(0, message.usage().inputTokens());
        assertTrue(OpenAiCompletionToAnthropic.messageId(null).startsWith("msg_"));
    }
}
