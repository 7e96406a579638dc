package dev.localai.openai.anthropic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.localai.openai.sse.SseEvent;
import dev.localai.openai.sse.SseFormatException;
import dev.localai.openai.sse.SseWriter;

/**
 * Anthropic's stream framing (https://docs.anthropic.com/en/docs/build-with-claude/streaming): every
 * event is named, {@code event: <type>} then {@code data: <json>} and a blank line, and the name equals
 * the {@code type} in the data. There is no {@code [DONE]}: {@code message_stop} ends the stream.
 */
public final class AnthropicSse {

    static final ObjectMapper JSON = new ObjectMapper();

    private AnthropicSse() {
    }

    /** {@code event: <type>\ndata: <json>\n\n}. */
    public static String format(StreamEvent event) {
        return SseWriter.format(new SseEvent(event.type(), json(event), null, null));
    }

    /**
     * Reads one server-sent event's data as a stream event. The data's {@code type} decides, as the SSE
     * event name always equals it.
     *
     * @throws SseFormatException when the data is not a JSON object
     */
    public static StreamEvent read(SseEvent event) {
        try {
            return JSON.readValue(event.data(), StreamEvent.class);
        } catch (JsonProcessingException e) {
            throw new SseFormatException("an Anthropic stream event is not JSON: " + abbreviate(event.data()));
        }
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    static String abbreviate(String text) {
        return text == null || text.length() <= 200 ? String.valueOf(text) : text.substring(0, 200) + "…";
    }
}
