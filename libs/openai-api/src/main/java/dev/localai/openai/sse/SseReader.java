package dev.localai.openai.sse;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * An incremental server-sent events parser that follows the WHATWG event-stream rules: lines end
 * in CRLF, LF or CR (also when a CRLF is split between two reads); a line starting with a colon
 * is a comment; {@code field: value} drops one leading space from the value; several {@code data}
 * lines join with a newline; a blank line dispatches the event, and an event with no data is not
 * dispatched. Bytes are decoded as UTF-8 per line, so a character split between two reads is
 * decoded whole.
 *
 * <p>Feed it bytes as they arrive; every complete event goes to the sink at once. Not thread-safe:
 * one reader per stream, fed from one thread at a time.
 */
public final class SseReader {

    /** Largest event (or single line) accepted by default: 8 MiB. */
    public static final int DEFAULT_MAX_EVENT_BYTES = 8 * 1024 * 1024;

    private final Consumer<SseEvent> sink;
    private final Consumer<String> comments;
    private final int maxEventBytes;

    private byte[] line = new byte[256];
    private int lineLength;
    private boolean lastWasCr;

    private final StringBuilder data = new StringBuilder();
    private boolean hasData;
    private String event;
    private String id;
    private Long retry;
    private int eventBytes;

    public SseReader(Consumer<SseEvent> sink) {
        this(sink, c -> { }, DEFAULT_MAX_EVENT_BYTES);
    }

    /**
     * @param sink          receives each complete event
     * @param comments      receives each comment line's text (after the colon), e.g. keep-alives
     * @param maxEventBytes an event or line longer than this fails with {@link SseFormatException}
     */
    public SseReader(Consumer<SseEvent> sink, Consumer<String> comments, int maxEventBytes) {
        this.sink = sink;
        this.comments = comments;
        this.maxEventBytes = maxEventBytes;
    }

    public void feed(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        feed(bytes, 0, bytes.length);
    }

    public void feed(byte[] bytes) {
        feed(bytes, 0, bytes.length);
    }

    public void feed(byte[] bytes, int offset, int length) {
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            byte b = bytes[i];
            if (b == '\n') {
                if (lastWasCr) {
                    lastWasCr = false;      // the LF of a CRLF whose CR ended the line already
                    continue;
                }
                endLine();
            } else if (b == '\r') {
                endLine();
                lastWasCr = true;
            } else {
                lastWasCr = false;
                append(b);
            }
        }
    }

    /**
     * Ends the stream. An event that was started but never closed by a blank line is dropped, as
     * the spec says.
     *
     * @return true when such an incomplete event (or a partial line) was pending
     */
    public boolean finish() {
        boolean pending = lineLength > 0 || hasData || event != null;
        lineLength = 0;
        resetEvent();
        return pending;
    }

    private void append(byte b) {
        if (lineLength == line.length) {
            if (line.length >= maxEventBytes) {
                throw new SseFormatException("an event-stream line is longer than " + maxEventBytes + " bytes");
            }
            line = Arrays.copyOf(line, Math.min(maxEventBytes, line.length * 2));
        }
        line[lineLength++] = b;
    }

    private void endLine() {
        if (lineLength == 0) {
            dispatch();
            return;
        }
        eventBytes += lineLength;
        if (eventBytes > maxEventBytes) {
            throw new SseFormatException("an event is longer than " + maxEventBytes + " bytes");
        }
        String text = new String(line, 0, lineLength, StandardCharsets.UTF_8);
        lineLength = 0;
        if (line.length > 64 * 1024) {
            line = new byte[256];         // do not keep a huge buffer after one large event
        }
        processLine(text);
    }

    private void processLine(String text) {
        if (text.charAt(0) == ':') {
            comments.accept(text.substring(1).stripLeading());
            return;
        }
        int colon = text.indexOf(':');
        String field = colon < 0 ? text : text.substring(0, colon);
        String value = colon < 0 ? "" : text.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "data" -> {
                if (hasData) {
                    data.append('\n');
                }
                data.append(value);
                hasData = true;
            }
            case "event" -> event = value;
            case "id" -> {
                if (value.indexOf('\0') < 0) {
                    id = value;
                }
            }
            case "retry" -> {
                if (!value.isEmpty() && value.chars().allMatch(Character::isDigit)) {
                    try {
                        retry = Long.parseLong(value);
                    } catch (NumberFormatException tooLarge) {
                        // the spec ignores values that are not a valid number
                    }
                }
            }
            default -> {
                // unknown fields are ignored, as the spec says
            }
        }
    }

    private void dispatch() {
        if (hasData) {
            sink.accept(new SseEvent(event, data.toString(), id, retry));
        }
        resetEvent();
    }

    private void resetEvent() {
        data.setLength(0);
        hasData = false;
        event = null;
        retry = null;
        eventBytes = 0;
        if (data.capacity() > 64 * 1024) {
            data.trimToSize();
        }
    }
}
