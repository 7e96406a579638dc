package dev.localai.openai.sse;

/**
 * Writes server-sent events in the framing OpenAI-style clients read: {@code data: …} lines and a
 * blank line after each event. Data with line breaks becomes several {@code data:} lines, so it
 * reads back identical.
 */
public final class SseWriter {

    /** The end-of-stream marker OpenAI streams send: {@code data: [DONE]} and a blank line. */
    public static final String DONE = "data: [DONE]\n\n";

    private SseWriter() {
    }

    /** One event carrying {@code data} only. */
    public static String data(String data) {
        return format(SseEvent.data(data));
    }

    /** A comment line, which clients ignore: useful as a keep-alive. */
    public static String comment(String text) {
        StringBuilder out = new StringBuilder();
        for (String line : text.split("\r\n|\r|\n", -1)) {
            out.append(':').append(line.isEmpty() ? "" : " " + line).append('\n');
        }
        return out.append('\n').toString();
    }

    public static String format(SseEvent event) {
        StringBuilder out = new StringBuilder(event.data() == null ? 16 : event.data().length() + 16);
        if (event.event() != null) {
            out.append("event: ").append(singleLine("event", event.event())).append('\n');
        }
        if (event.id() != null) {
            out.append("id: ").append(singleLine("id", event.id())).append('\n');
        }
        if (event.retry() != null) {
            out.append("retry: ").append(event.retry()).append('\n');
        }
        String data = event.data() == null ? "" : event.data();
        if (data.indexOf('\n') < 0 && data.indexOf('\r') < 0) {
            out.append("data: ").append(data).append('\n');     // the usual case: one JSON line
        } else {
            for (String line : data.split("\r\n|\r|\n", -1)) {
                out.append("data: ").append(line).append('\n');
            }
        }
        return out.append('\n').toString();
    }

    private static String singleLine(String field, String value) {
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("an SSE " + field + " cannot contain a line break");
        }
        return value;
    }
}
