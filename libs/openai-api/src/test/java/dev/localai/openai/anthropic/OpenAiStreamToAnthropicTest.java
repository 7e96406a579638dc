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
import static org.junit.jupiter.api.Assertions.assertTrue;

class OpenAiStreamToAnthropicTest {

    /** A llama.cpp-style stream: role, two content pieces, finish, usage, [DONE]. */
    private static final String TEXT_STREAM = """
            data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"qwen","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}

            data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"qwen","choices":[{"index":0,"delta":{"content":"Hello"},"finish_reason":null}]}

            data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"qwen","choices":[{"index":0,"delta":{"content":"!"},"finish_reason":null}]}

            data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"qwen","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}

            data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"qwen","choices":[],"usage":{"prompt_tokens":25,"completion_tokens":15,"total_tokens":40}}

            data: [DONE]

            """;

    /** Text, then two tool calls streamed OpenAI's way (id and name first, arguments in fragments). */
    private static final String TOOL_STREAM = """
            data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":"Okay"}}]}

            data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"get_weather","arguments":""}}]}}]}

            data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\\"location\\":"}}]}}]}

            data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":" \\"Oslo\\"}"}}]}}]}

            data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"id":"call_2","type":"function","function":{"name":"get_time","arguments":"{}"}}]}}]}

            data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}

            data: [DONE]

            """;

    private static List<StreamEvent> convert(String stream, OpenAiStreamToAnthropic converter) {
        List<StreamEvent> events = new ArrayList<>();
        for (SseEvent event : Docs.events(stream)) {
            events.addAll(converter.accept(event));
        }
        return events;
    }

    private static String written(List<StreamEvent> events) {
        StringBuilder out = new StringBuilder();
        events.forEach(e -> out.append(AnthropicSse.format(e)));
        return out.toString();
    }

    @Test
    void aTextStreamBecomesTheDocumentedEventSequence() {
        List<StreamEvent> events = convert(TEXT_STREAM,
                new OpenAiStreamToAnthropic("msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY", "claude-opus-4-1-20250805", 25));
        List<SseEvent> ours = Docs.events(written(events));
        List<SseEvent> documented = Docs.events(Docs.BASIC_STREAM);
        assertEquals(documented.stream().map(SseEvent::event).toList(), ours.stream().map(SseEvent::event).toList());
        for (int i = 0; i < ours.size(); i++) {
            JsonNode expected = Docs.tree(documented.get(i).data());
            JsonNode actual = Docs.tree(ours.get(i).data());
            if (i == 0) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) expected.get("message").get("usage"))
                        .put("output_tokens", 0);
            }
            if ("message_delta".equals(ours.get(i).event())) {
                assertEquals(25, actual.at("/usage/input_tokens").asInt(), "the backend's real count");
                ((com.fasterxml.jackson.databind.node.ObjectNode) actual.get("usage")).retain("output_tokens");
            }
            assertTrue(Docs.sameJson(expected, actual), ours.get(i).event() + ": " + expected + " vs " + actual);
        }
    }

    @Test
    void toolCallsBecomeToolUseBlocksEachClosedBeforeTheNextOpens() {
        List<StreamEvent> events = convert(TOOL_STREAM, new OpenAiStreamToAnthropic("msg_x", null, 10));
        List<String> shape = new ArrayList<>();
        for (StreamEvent event : events) {
            String index = event instanceof StreamEvent.ContentBlockStart s ? " " + s.index() + " "
                    + s.contentBlock().type() : event instanceof StreamEvent.ContentBlockDelta d ? " " + d.index() + " "
                    + d.delta().type() : event instanceof StreamEvent.ContentBlockStop s ? " " + s.index() : "";
            shape.add(event.type() + index);
        }
        assertEquals(List.of("message_start", "content_block_start 0 text", "ping", "content_block_delta 0 text_delta",
                "content_block_stop 0", "content_block_start 1 tool_use", "content_block_delta 1 input_json_delta",
                "content_block_delta 1 input_json_delta", "content_block_stop 1", "content_block_start 2 tool_use",
                "content_block_delta 2 input_json_delta", "content_block_stop 2", "message_delta", "message_stop"),
                shape);
        StreamEvent.ContentBlockStart tool = (StreamEvent.ContentBlockStart) events.get(5);
        assertEquals(ContentBlock.toolUse("call_1", "get_weather", JSON.createObjectNode()), tool.contentBlock());
        StreamEvent.MessageDelta delta = (StreamEvent.MessageDelta) events.get(events.size() - 2);
        assertEquals("tool_use", delta.delta().stopReason());
        assertEquals("m", ((StreamEvent.MessageStart) events.get(0)).message().model(), "the chunks' model");
    }

    @Test
    void aConvertedStreamConvertsBackToTheSameAnswer() {
        String anthropic = written(convert(TOOL_STREAM, new OpenAiStreamToAnthropic("msg_x", "m", 10)));
        AnthropicStreamToOpenAi back = new AnthropicStreamToOpenAi(false, 1L);
        StringBuilder text = new StringBuilder();
        List<StringBuilder> arguments = List.of(new StringBuilder(), new StringBuilder());
        List<String> names = new ArrayList<>();
        String finish = null;
        for (SseEvent event : Docs.events(anthropic)) {
            for (ChatCompletionChunk chunk : back.accept(event)) {
                text.append(chunk.firstDelta());
                List<ToolCall> calls = chunk.choices().get(0).delta().toolCalls();
                if (calls != null) {
                    ToolCall call = calls.get(0);
                    if (call.function().name() != null) {
                        names.add(call.function().name());
                    }
                    arguments.get(call.index()).append(call.function().arguments());
                }
                finish = chunk.choices().get(0).finishReason() != null ? chunk.choices().get(0).finishReason() : finish;
            }
        }
        assertEquals("Okay", text.toString());
        assertEquals(List.of("get_weather", "get_time"), names);
        assertEquals("{\"location\": \"Oslo\"}", arguments.get(0).toString());
        assertEquals("{}", arguments.get(1).toString());
        assertEquals("tool_calls", finish);
        assertTrue(back.finished());
    }

    @Test
    void aStreamThatEndsWithoutChunksStillStartsAndStopsAMessage() {
        OpenAiStreamToAnthropic converter = new OpenAiStreamToAnthropic("msg_x", "m", 3);
        List<StreamEvent> events = converter.finish();
        assertEquals(List.of("message_start", "message_delta", "message_stop"),
                events.stream().map(StreamEvent::type).toList());
        assertEquals("end_turn", ((StreamEvent.MessageDelta) events.get(1)).delta().stopReason());
        assertEquals(List.of(), converter.finish(), "once only");
        assertTrue(converter.finished());
    }

    @Test
    void messageStartHasEmptyContentAndNullStopReasonAsTheDocsShow() {
        List<StreamEvent> events = convert(TEXT_STREAM, new OpenAiStreamToAnthropic("msg_1", "claude", 7));
        assertEquals("{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":"
                + "\"assistant\",\"content\":[],\"model\":\"claude\",\"stop_reason\":null,\"stop_sequence\":null,"
                + "\"usage\":{\"input_tokens\":7,\"output_tokens\":0}}}", JSON.valueToTree(events.get(0)).toString());
    }
}
