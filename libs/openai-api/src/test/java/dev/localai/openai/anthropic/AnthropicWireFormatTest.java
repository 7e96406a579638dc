package dev.localai.openai.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.localai.openai.sse.SseEvent;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.localai.openai.anthropic.Docs.JSON;
import static dev.localai.openai.anthropic.Docs.read;
import static dev.localai.openai.anthropic.Docs.sameJson;
import static dev.localai.openai.anthropic.Docs.tree;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AnthropicWireFormatTest {

    @Test
    void documentedRequestRoundTripsWithEveryFieldKept() {
        MessagesRequest request = read(Docs.TOOL_REQUEST, MessagesRequest.class);
        assertTrue(sameJson(tree(Docs.TOOL_REQUEST), JSON.valueToTree(request)), JSON.valueToTree(request).toString());

        assertEquals("Today's date is 2024-06-01.", request.system().text());
        assertEquals(1024, request.maxTokens());
        assertEquals(5, request.topK());
        assertEquals("enabled", request.extra().get("thinking").get("type").asText());
        List<ContentBlock> first = request.messages().get(0).blocks();
        assertEquals(ImageSource.BASE64, first.get(0).source().type());
        assertEquals("image/jpeg", first.get(0).source().mediaType());
        assertEquals(ImageSource.URL, first.get(1).source().type());
        ContentBlock toolUse = request.messages().get(1).blocks().get(1);
        assertEquals("San Francisco, CA", toolUse.input().get("location").asText());
        ContentBlock result = request.messages().get(2).blocks().get(0);
        assertEquals("toolu_01A09q90qw90lq917835lq9", result.toolUseId());
        assertInstanceOf(Content.Text.class, result.content());
        assertTrue(request.toolChoice().disableParallelToolUse());
        assertEquals("object", request.tools().get(0).inputSchema().get("type").asText());
    }

    @Test
    void stringContentIsShorthandForOneTextBlockAndStaysAString() {
        MessagesRequest request = read("""
                {"model": "claude-sonnet-4-20250514", "max_tokens": 1024, "system": "Today's date is 2023-01-01.",
                 "messages": [{"role": "user", "content": "Hello, world"}]}""", MessagesRequest.class);
        assertEquals(List.of(ContentBlock.text("Hello, world")), request.messages().get(0).blocks());
        JsonNode written = JSON.valueToTree(request);
        assertTrue(written.at("/messages/0/content").isTextual());
        assertTrue(written.get("system").isTextual());
    }

    @Test
    void contentThatIsNeitherStringNorArrayIsAClearError() {
        MismatchedInputException e = assertThrows(MismatchedInputException.class, () -> JSON.readValue(
                "{\"role\":\"user\",\"content\":42}", InputMessage.class));
        assertTrue(e.getMessage().contains("string or an array of content blocks"), e.getMessage());
    }

    @Test
    void documentedMessagesRoundTripAndAlwaysWriteStopReasonAndStopSequence() {
        for (String payload : List.of(Docs.MESSAGE, Docs.TOOL_USE_MESSAGE)) {
            Message message = read(payload, Message.class);
            JsonNode written = JSON.valueToTree(message);
            assertTrue(sameJson(tree(payload), written), written.toString());
            assertTrue(written.has("stop_sequence") && written.get("stop_sequence").isNull());
        }
        Message tool = read(Docs.TOOL_USE_MESSAGE, Message.class);
        assertEquals("I'll check the current weather in San Francisco for you.", tool.text());
        assertEquals(188086 + 1200 + 21, tool.usage().totalInputTokens());
        assertEquals("standard", tool.usage().extra().get("service_tier").asText());
    }

    @Test
    void everyDocumentedStreamEventReadsAsItsTypeAndWritesBackUnchanged() {
        List<SseEvent> events = Docs.events(Docs.BASIC_STREAM + Docs.TOOL_USE_STREAM + Docs.OVERLOADED_EVENT);
        for (SseEvent sse : events) {
            StreamEvent event = AnthropicSse.read(sse);
            assertEquals(sse.event(), event.type(), "the SSE name equals the data's type");
            assertTrue(sameJson(tree(sse.data()), JSON.valueToTree(event)), sse.data());
            assertEquals(sse.event(), Docs.events(AnthropicSse.format(event)).get(0).event());
        }
        assertInstanceOf(StreamEvent.MessageStart.class, AnthropicSse.read(events.get(0)));
        assertInstanceOf(StreamEvent.Ping.class, AnthropicSse.read(events.get(2)));
        StreamEvent.MessageDelta delta = (StreamEvent.MessageDelta) AnthropicSse.read(events.get(6));
        assertEquals("end_turn", delta.delta().stopReason());
        assertEquals(15, delta.usage().outputTokens());
        AnthropicError error = (AnthropicError) AnthropicSse.read(events.get(events.size() - 1));
        assertEquals(AnthropicError.OVERLOADED, error.errorType());
    }

    @Test
    void writtenEventsUseTheDocumentedFraming() {
        assertEquals("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
                + "\"delta\":{\"type\":\"text_delta\",\"text\":\"Hello\"}}\n\n",
                AnthropicSse.format(StreamEvent.textDelta(0, "Hello")));
        assertEquals("event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
                + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":15}}\n\n",
                AnthropicSse.format(StreamEvent.messageDelta("end_turn", null, new MessageUsage(null, 15, null, null,
                        null))));
        assertEquals("event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":1,\"content_block\":"
                + "{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"get_weather\",\"input\":{}}}\n\n",
                AnthropicSse.format(StreamEvent.toolUseBlockStart(1, "toolu_1", "get_weather")));
        assertEquals("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n",
                AnthropicSse.format(StreamEvent.messageStop()));
        assertEquals("event: ping\ndata: {\"type\":\"ping\"}\n\n", AnthropicSse.format(StreamEvent.ping()));
    }

    @Test
    void unknownEventTypesAreReadAsUnknownAndKeptWhole() {
        StreamEvent event = AnthropicSse.read(new SseEvent("future_event",
                "{\"type\":\"future_event\",\"detail\":{\"a\":1}}", null, null));
        StreamEvent.Unknown unknown = assertInstanceOf(StreamEvent.Unknown.class, event);
        assertEquals(1, unknown.extra().get("detail").get("a").asInt());
        assertEquals("{\"type\":\"future_event\",\"detail\":{\"a\":1}}", JSON.valueToTree(unknown).toString());
    }

    @Test
    void errorBodyRoundTripsWithItsRequestId() {
        AnthropicError error = read(Docs.ERROR, AnthropicError.class);
        assertEquals(AnthropicError.NOT_FOUND, error.errorType());
        assertEquals("req_011CSHoEeqs5C35K2UUqR7Fy", error.requestId());
        assertTrue(sameJson(tree(Docs.ERROR), JSON.valueToTree(error)));
        assertEquals("{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}",
                JSON.valueToTree(AnthropicError.of(AnthropicError.OVERLOADED, "Overloaded")).toString());
        assertNull(read("{\"type\":\"error\"}", AnthropicError.class).errorType());
    }

    @Test
    void minimalRequestWritesOnlyWhatWasSet() {
        MessagesRequest request = MessagesRequest.of("claude-sonnet-4-20250514",
                List.of(InputMessage.user("Hello, world")), 1024);
        assertEquals("{\"model\":\"claude-sonnet-4-20250514\",\"messages\":[{\"role\":\"user\",\"content\":"
                + "\"Hello, world\"}],\"max_tokens\":1024}", JSON.valueToTree(request).toString());
    }
}
