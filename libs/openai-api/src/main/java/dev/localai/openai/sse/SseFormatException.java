package dev.localai.openai.sse;

/** A stream that cannot be read as server-sent events, for example an event larger than the reader allows. */
public class SseFormatException extends RuntimeException {
    public SseFormatException(String message) {
        super(message);
    }
}
