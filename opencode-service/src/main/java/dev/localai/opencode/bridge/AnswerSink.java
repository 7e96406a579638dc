package dev.localai.opencode.bridge;

import dev.localai.opencode.BridgeError;
import dev.localai.openai.Usage;

/**
 * Where one answer goes as OpenCode produces it: a stream of chunks, or one completion at the end. The bridge
 * calls it from one thread at a time, and after {@link #finish} or {@link #fail} not at all.
 */
public interface AnswerSink {

    /** A piece of the answer's text. */
    void content(String text);

    /** A piece of the model's reasoning (OpenCode's reasoning parts), kept apart from the answer. */
    void reasoning(String text);

    /** The answer is complete. */
    void finish(String finishReason, Usage usage);

    /** The answer failed: a status and error body if nothing was sent yet, else an error event. */
    void fail(BridgeError error);

    /** Runs {@code action} if the client goes away before the answer is complete. */
    void onClientGone(Runnable action);
}
