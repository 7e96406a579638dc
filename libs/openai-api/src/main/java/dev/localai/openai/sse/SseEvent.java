package dev.localai.openai.sse;

/**
 * One server-sent event (https://html.spec.whatwg.org/multipage/server-sent-events.html).
 * {@code data} holds the joined {@code data:} lines (a newline between them); {@code event},
 * {@code id} and {@code retry} are null when the event did not set them.
 */
public record SseEvent(String event, String data, String id, Long retry) {

    /** The payload OpenAI-style streams send last. */
    public static final String DONE = "[DONE]";

    public static SseEvent data(String data) {
        return new SseEvent(null, data, null, null);
    }

    /** Whether this is the {@code data: [DONE]} end marker. */
    public boolean isDone() {
        return DONE.equals(data);
    }
}
