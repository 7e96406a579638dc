package dev.localai.openai.anthropic;

/**
 * Anthropic's {@code stop_reason} and OpenAI's {@code finish_reason}, both ways.
 *
 * <table>
 *   <caption>Anthropic to OpenAI</caption>
 *   <tr><th>stop_reason</th><th>finish_reason</th></tr>
 *   <tr><td>end_turn, stop_sequence, pause_turn</td><td>stop</td></tr>
 *   <tr><td>max_tokens, model_context_window_exceeded</td><td>length</td></tr>
 *   <tr><td>tool_use</td><td>tool_calls</td></tr>
 *   <tr><td>refusal</td><td>content_filter</td></tr>
 *   <tr><td>null</td><td>null (not known yet)</td></tr>
 *   <tr><td>anything newer</td><td>stop</td></tr>
 * </table>
 * <p>OpenAI to Anthropic: {@code stop} → {@code end_turn}, {@code length} → {@code max_tokens},
 * {@code tool_calls}/{@code function_call} → {@code tool_use}, {@code content_filter} → {@code refusal},
 * anything else → {@code end_turn}. An OpenAI stream does not say which stop sequence matched, so
 * {@code stop_sequence} is never produced that way.
 */
public final class StopReasons {

    public static final String END_TURN = "end_turn";
    public static final String MAX_TOKENS = "max_tokens";
    public static final String STOP_SEQUENCE = "stop_sequence";
    public static final String TOOL_USE = "tool_use";
    public static final String REFUSAL = "refusal";

    private StopReasons() {
    }

    /** The OpenAI {@code finish_reason} for an Anthropic {@code stop_reason}; null stays null. */
    public static String toFinishReason(String stopReason) {
        if (stopReason == null) {
            return null;
        }
        return switch (stopReason) {
            case MAX_TOKENS, "model_context_window_exceeded" -> "length";
            case TOOL_USE -> "tool_calls";
            case REFUSAL -> "content_filter";
            default -> "stop";
        };
    }

    /** The Anthropic {@code stop_reason} for an OpenAI {@code finish_reason}; null becomes {@code end_turn}. */
    public static String toStopReason(String finishReason) {
        if (finishReason == null) {
            return END_TURN;
        }
        return switch (finishReason) {
            case "length" -> MAX_TOKENS;
            case "tool_calls", "function_call" -> TOOL_USE;
            case "content_filter" -> REFUSAL;
            default -> END_TURN;
        };
    }
}
