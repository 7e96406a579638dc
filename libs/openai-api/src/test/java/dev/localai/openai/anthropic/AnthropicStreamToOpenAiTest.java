package dev.localai.openai.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.localai.openai.ChatCompletionChunk;
import dev.localai.openai.ToolCall;
import dev.localai.openai.sse.SseEvent;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.localai.openai.anthropic.Docs.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AnthropicStreamToOpenAiTest {

    private static List<ChatCompletionChunk> convert(String stream, AnthropicStreamToOpenAi converter) {
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        for (SseEvent event : Docs.events(stream)) {
            chunks.addAll(converter.accept(event));
        }
        return chunks;
    }

    @Test
    void theDocumentedTextStreamBecomesRoleContentAndFinishChunks() {
        AnthropicStreamToOpenAi converter = new AnthropicStreamToOpenAi(false, 1_700_000_000L);
        List<ChatCompletionChunk> chunks = convert(Docs.BASIC_STREAM, converter);

        assertEquals(4, chunks.size(), "role, Hello, !, finish");
        JsonNode first = JSON.valueToTree(chunks.get(0));
        assertEquals("{\"id\":\"msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY\",\"object\":\"chat.completion.chunk\","
                + "\"created\":1700000000,\"model\":\"claude-opus-4-1-20250805\",\"choices\":[{\"index\":0,"
                + "\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}", first.toString());
        assertEquals("Hello", chunks.get(1).firstDelta());
        assertEquals("!", chunks.get(2).firstDelta());
        JsonNode last = JSON.valueToTree(chunks.get(3));
        assertEquals("{}", last.at("/choices/0/delta").toString());
        assertEquals("stop", last.at("/choices/0/finish_reason").asText());
        assertTrue(converter.finished());
        assertEquals(25, converter.usage().promptTokens());
        assertEquals(15, converter.usage().completionTokens(), "message_delta's count is the cumulative one");
    }

    @Test
    void theDocumentedToolUseStreamBecomesIndexedToolCallDeltas() {
        List<ChatCompletionChunk> chunks = convert(Docs.TOOL_USE_STREAM, new AnthropicStreamToOpenAi(false, 1L));

        StringBuilder text = new StringBuilder();
        StringBuilder arguments = new StringBuilder();
        List<ToolCall> starts = new ArrayList<>();
        for (ChatCompletionChunk chunk : chunks) {
            text.append(chunk.firstDelta());
            List<ToolCall> calls = chunk.choices().get(0).delta().toolCalls();
            if (calls != null) {
                assertEquals(0, calls.get(0).index(), "the first tool call is index 0, whatever its block index");
                if (calls.get(0).id() != null) {
                    starts.add(calls.get(0));
                } else {
                    arguments.append(calls.get(0).function().arguments());
                }
            }
        }
        assertEquals("Okay, let's check the weather for San Francisco, CA:", text.toString());
        assertEquals(1, starts.size());
        assertEquals("toolu_01T1x1fJ34qAmk2tNTrN7Up6", starts.get(0).id());
        assertEquals("function", starts.get(0).type());
        assertEquals("get_weather", starts.get(0).function().name());
        assertEquals("", starts.get(0).function().arguments());
        assertEquals(Docs.tree("{\"location\": \"San Francisco, CA\", \"unit\": \"fahrenheit\"}"),
                Docs.tree(arguments.toString()));
        assertEquals("tool_calls", chunks.get(chunks.size() - 1).choices().get(0).finishReason());
    }

    @Test
    void aUsageChunkWithEmptyChoicesComesLastWhenAsked() {
        List<ChatCompletionChunk> chunks = convert(Docs.BASIC_STREAM, new AnthropicStreamToOpenAi(true, 1L));
        ChatCompletionChunk last = chunks.get(chunks.size() - 1);
        assertEquals(List.of(), last.choices());
        assertEquals(25, last.usage().promptTokens());
        assertEquals(15, last.usage().completionTokens());
        assertEquals(40, last.usage().totalTokens());
        assertEquals("stop", chunks.get(chunks.size() - 2).choices().get(0).finishReason());
    }

    @Test
    void pingsStopsAndUnknownEventsProduceNoChunks() {
        AnthropicStreamToOpenAi converter = new AnthropicStreamToOpenAi(false, 1L);
        assertEquals(List.of(), converter.accept(StreamEvent.ping()));
        assertEquals(List.of(), converter.accept(StreamEvent.blockStop(0)));
        assertEquals(List.of(), converter.accept(new SseEvent("future", "{\"type\":\"future\"}", null, null)));
        assertFalse(converter.finished());
    }

    @Test
    void anErrorEventEndsTheStreamWithTheMappedOpenAiError() {
        AnthropicStreamToOpenAi converter = new AnthropicStreamToOpenAi(false, 1L);
        convert(Docs.BASIC_STREAM.substring(0, Docs.BASIC_STREAM.indexOf("event: content_block_stop")), converter);
        SseEvent error = Docs.events(Docs.OVERLOADED_EVENT).get(0);
        AnthropicStreamException e = assertThrows(AnthropicStreamException.class, () -> converter.accept(error));
        assertEquals(AnthropicError.OVERLOADED, e.error().errorType());
        assertEquals(503, e.openAi().status());
        assertEquals("overloaded_error", e.openAi().body().error().code());
        assertTrue(converter.finished());
    }

    @Test
    void thinkingDeltasBecomeReasoningContentAndSignaturesAreDropped() {
        AnthropicStreamToOpenAi converter = new AnthropicStreamToOpenAi(false, 1L);
        List<ChatCompletionChunk> chunks = convert("""
                event: content_block_delta
                data: {"type": "content_block_delta", "index": 0, "delta": {"type": "thinking_delta", "thinking": "27 * 453"}}

                event: content_block_delta
                data: {"type": "content_block_delta", "index": 0, "delta": {"type": "signature_delta", "signature": "EqQB"}}

                """, converter);
        assertEquals(1, chunks.size());
        assertEquals("27 * 453", chunks.get(0).choices().get(0).delta().extra().get("reasoning_content").asText());
        assertNull(chunks.get(0).choices().get(0).delta().content());
    }
}
