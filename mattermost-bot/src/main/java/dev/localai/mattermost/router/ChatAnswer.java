package dev.localai.mattermost.router;

import dev.localai.mattermost.CallFailure;

/**
 * How a streamed chat ended.
 *
 * @param text    everything the router streamed (possibly empty)
 * @param backend who answered ({@code X-Router-Backend}); null when the router did not say
 * @param model   the model ({@code X-Router-Model}); null when not said
 * @param reason  why that backend ({@code X-Router-Reason}); null when not said
 * @param failure why it did not finish; null when it did
 * @param timeout which limit ran out ({@code connect}, {@code first token}, {@code gap}, {@code total}) when the
 *                failure is a timeout; null otherwise
 */
public record ChatAnswer(String text, String backend, String model, String reason, CallFailure failure, String timeout) {

    public boolean complete() {
        return failure == null;
    }
}
