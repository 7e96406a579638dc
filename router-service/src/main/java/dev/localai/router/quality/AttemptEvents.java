package dev.localai.router.quality;

import com.fasterxml.jackson.databind.JsonNode;
import dev.localai.router.backend.ExchangeEvents;
import io.vertx.core.buffer.Buffer;

/**
 * What the forwarder learns of one cascade attempt (first byte, usage, text, a cut), kept from the request
 * record until the answer is released: only the answer the client gets is accounted as the request's; a
 * dropped one's usage and text are its attempt's, counted as waste. After release it passes everything on.
 */
public final class AttemptEvents implements ExchangeEvents {

    private static final int MAX_TEXT = 64 * 1024;

    private final ExchangeEvents record;
    private boolean released;
    private boolean firstByte;
    private JsonNode usage;
    private final StringBuilder text = new StringBuilder();
    private String partial;

    AttemptEvents(ExchangeEvents record) {
        this.record = record;
    }

    /** Hands the record what was kept, then everything as it comes. */
    void release() {
        released = true;
        if (firstByte) {
            record.firstByte();
        }
        if (usage != null) {
            record.usage(usage);
        }
        if (text.length() > 0) {
            record.content(text.toString());
        }
        if (partial != null) {
            record.partial(partial);
        }
    }

    /** The backend's {@code usage.prompt_tokens}, or -1. */
    public int promptTokens() {
        return usage != null && usage.path("prompt_tokens").canConvertToInt() ? usage.path("prompt_tokens").asInt() : -1;
    }

    /** The backend's {@code usage.completion_tokens}, or -1. */
    public int completionTokens() {
        return usage != null && usage.path("completion_tokens").canConvertToInt()
                ? usage.path("completion_tokens").asInt() : -1;
    }

    /** The text received so far (the first 64 K characters), or null when none. */
    public String receivedText() {
        return text.length() == 0 ? null : text.toString();
    }

    @Override
    public void firstByte() {
        if (released) {
            record.firstByte();
        } else {
            firstByte = true;
        }
    }

    @Override
    public void usage(JsonNode more) {
        if (released) {
            record.usage(more);
        } else {
            this.usage = more;
        }
    }

    @Override
    public void content(String more) {
        if (released) {
            record.content(more);
        } else if (text.length() < MAX_TEXT) {
            text.append(more, 0, Math.min(more.length(), MAX_TEXT - text.length()));
        }
    }

    @Override
    public void partial(String why) {
        if (released) {
            record.partial(why);
        } else {
            partial = why;
        }
    }

    @Override
    public void answerBody(Buffer completion) {
        if (released) {
            record.answerBody(completion);
        }
    }
}
