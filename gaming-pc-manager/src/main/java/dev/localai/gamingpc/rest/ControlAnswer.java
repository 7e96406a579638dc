package dev.localai.gamingpc.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.localai.gamingpc.gaming.ModelStopper;
import dev.localai.gamingpc.status.StatusView;

import java.util.List;

/**
 * What {@code POST /gaming-mode} and {@code POST /stop-all} answer: the new {@code /status}, and under
 * {@code stopped} what the call itself did, so a caller (the bot, a script) can say "unloaded qwen-32b"
 * rather than guess from a status that may have changed since. No {@code stopped} when nothing was stopped
 * (gaming mode switched off).
 *
 * @param status  the status right after the call, its fields at the top level and its nulls kept, as in
 *                {@code GET /status}
 * @param stopped null when the call stopped nothing
 */
public record ControlAnswer(@JsonUnwrapped StatusView status,
                            @JsonInclude(JsonInclude.Include.NON_NULL) Stopped stopped) {

    /**
     * @param unloaded  the models unloaded by this call
     * @param pending   the models that unload as soon as their requests in flight end
     * @param cancelled how many requests in flight this call cancelled ({@code gaming-pc.in-flight: cancel})
     */
    public record Stopped(List<String> unloaded, List<String> pending, int cancelled) {

        static Stopped of(ModelStopper.Result result) {
            return result == null ? null : new Stopped(result.unloaded(), result.pending(), result.cancelled());
        }
    }
}
