package dev.localai.bench.inference;

/**
 * One generation as the caller saw it.
 *
 * @param tokens       completion tokens (the engine's count; over HTTP the response's {@code usage})
 * @param nanos        wall time from the call (or the request's send) to the last token (or the end of
 *                     the body, {@code [DONE]} for a stream)
 * @param ttftNanos    time to the first text; -1 where the caller cannot see it (a non-streamed answer)
 * @param chunks       stream events that carried text; -1 when not streamed
 * @param promptTokens prompt tokens as counted by the engine
 * @param engineTps    tokens/s as the engine timed its own generation (no queue, no template, no HTTP); over
 *                     HTTP read from {@code GET /models/status} right after the call; NaN when unknown
 */
record Run(int tokens, long nanos, long ttftNanos, int chunks, int promptTokens, String finishReason, String text,
           double engineTps) {

    Run withEngineTps(double tps) {
        return new Run(tokens, nanos, ttftNanos, chunks, promptTokens, finishReason, text, tps);
    }

    double tokensPerSecond() {
        return nanos <= 0 ? 0 : tokens / (nanos / 1e9);
    }
}
