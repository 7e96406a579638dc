package dev.localai.inference;

import java.time.Duration;

/**
 * The outcome of one generation.
 *
 * @param finishReason    {@code stop}, {@code length} or {@code cancelled}
 * @param timeToFirstText from the start of generation (after the queue and the load) to the first text; null if none came
 * @param duration        from the start of generation to its end
 */
public record Generation(String text, int promptTokens, int completionTokens, String finishReason,
                         Duration timeToFirstText, Duration duration) {

    public static final String STOP = "stop";
    public static final String LENGTH = "length";
    public static final String CANCELLED = "cancelled";

    public boolean cancelled() {
        return CANCELLED.equals(finishReason);
    }

    /** Completion tokens per second of the generation phase; 0 when nothing was generated. */
    public double tokensPerSecond() {
        double seconds = duration.toNanos() / 1e9;
        return completionTokens == 0 || seconds <= 0 ? 0 : completionTokens / seconds;
    }
}
