package dev.localai.openai.sse;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SseCodecTest {

    private final List<SseEvent> events = new ArrayList<>();
    private final List<String> comments = new ArrayList<>();
    private final SseReader reader = new SseReader(events::add, comments::add, 1024);

    @Test
    void readsOpenAiStyleDataLinesAndTheDoneMarker() {
        reader.feed("data: {\"a\":1}\n\ndata: {\"a\":2}\n\ndata: [DONE]\n\n");
        assertEquals(List.of("{\"a\":1}", "{\"a\":2}", "[DONE]"), data());
        assertTrue(events.get(2).isDone());
        assertFalse(events.get(0).isDone());
    }

    @Test
    void joinsMultiLineDataWithNewlines() {
        reader.feed("data: first\ndata: second\ndata:third\n\n");
        assertEquals(List.of("first\nsecond\nthird"), data());
    }

    @Test
    void passesCommentsAsideWithoutDispatchingThem() {
        reader.feed(": keep-alive\n\n:OPENROUTER PROCESSING\n\ndata: x\n\n");
        assertEquals(List.of("x"), data());
        assertEquals(List.of("keep-alive", "OPENROUTER PROCESSING"), comments);
    }

    @Test
    void readsEventIdAndRetryFields() {
        reader.feed("event: message_start\nid: 7\nretry: 1500\ndata: {}\n\n");
        assertEquals(new SseEvent("message_start", "{}", "7", 1500L), events.get(0));
    }

    @Test
    void acceptsCrLfAndBareCrLineEndsEvenWhenACrLfIsSplitBetweenReads() {
        reader.feed("data: one\r");
        reader.feed("\n\r\ndata: two\r\rdata: three\n\n");
        assertEquals(List.of("one", "two", "three"), data());
    }

    @Test
    void decodesAMultiByteCharacterSplitBetweenReads() {
        byte[] bytes = "data: h\u00e9llo \u2603 \uD83D\uDE00\n\n".getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            reader.feed(new byte[]{b});
        }
        assertEquals(List.of("h\u00e9llo \u2603 \uD83D\uDE00"), data());
    }

    @Test
    void emitsEachEventAsSoonAsItsBlankLineArrives() {
        reader.feed("data: a\n");
        assertTrue(events.isEmpty());
        reader.feed("\n");
        assertEquals(List.of("a"), data());
    }

    @Test
    void dropsAnUnterminatedEventAtTheEndAndSaysSo() {
        reader.feed("data: complete\n\ndata: {\"cut\":");
        assertTrue(reader.finish());
        assertEquals(List.of("complete"), data());
        assertFalse(new SseReader(e -> { }).finish());
    }

    @Test
    void ignoresUnknownFieldsAndEventsWithoutData() {
        reader.feed("foo: bar\n\nevent: ping\n\ngarbage line\ndata: ok\n\n");
        assertEquals(List.of("ok"), data());
    }

    @Test
    void refusesAnEventLargerThanTheLimit() {
        assertThrows(SseFormatException.class, () -> reader.feed("data: " + "x".repeat(2000) + "\n\n"));
    }

    @Test
    void writerOutputReadsBackIdentical() {
        SseEvent multi = new SseEvent("delta", "line one\nline two\r\nline three", "9", 250L);
        reader.feed(SseWriter.format(multi));
        reader.feed(SseWriter.data("{\"a\":1}"));
        reader.feed(SseWriter.comment("ping"));
        reader.feed(SseWriter.DONE);
        assertEquals(new SseEvent("delta", "line one\nline two\nline three", "9", 250L), events.get(0));
        assertEquals(List.of("line one\nline two\nline three", "{\"a\":1}", "[DONE]"), data());
        assertEquals(List.of("ping"), comments);
    }

    @Test
    void writerUsesTheFramingOpenAiClientsExpect() {
        assertEquals("data: {\"a\":1}\n\n", SseWriter.data("{\"a\":1}"));
        assertEquals("data: [DONE]\n\n", SseWriter.DONE);
        assertEquals(": ping\n\n", SseWriter.comment("ping"));
        assertThrows(IllegalArgumentException.class, () -> SseWriter.format(new SseEvent("a\nb", "x", null, null)));
    }

    private List<String> data() {
        return events.stream().map(SseEvent::data).toList();
    }
}
