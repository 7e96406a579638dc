package dev.localai.router;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.localai.router.Tags;

import java.util.Map;
import java.util.Set;

/**
 * Everything a routing decision looks at, read from the request and the state of the house.
 *
 * @param requested     the model the client asked for, as sent ({@code auto} when absent)
 * @param requestedKind {@code auto}, {@code alias} or {@code model} (a concrete backend/model)
 * @param tags          tags from {@code #words}, {@code X-Router-Tags} and the body's {@code tags}
 * @param promptTokens  estimated prompt tokens
 * @param maxTokens     the completion budget the client set, or 0
 * @param taskType      from a tag, {@code X-Task-Type} or keywords; null when none
 * @param background    a chat UI's housekeeping task (title, tags, …), or null
 * @param forceBig      {@code force_big} tag or {@code X-Force-Big: true}
 * @param gamingMode    whether the gaming PC is in gaming mode
 * @param unavailable   backends known to be down right now
 * @param complexity    how hard the request looks (heuristic or small model); null unless a rule asks for it
 * @param headers       request headers, lower-case names, for header conditions; never shown in an explanation
 */
public record Signals(String requested, String requestedKind, Tags tags, int promptTokens, int maxTokens,
                      String taskType, String background, boolean forceBig, boolean gamingMode,
                      Set<String> unavailable, Complexity complexity, @JsonIgnore Map<String, String> headers) {

    public Signals {
        unavailable = Set.copyOf(unavailable);
        headers = java.util.Collections.unmodifiableMap(headers);    // the request's own map, read-only from here
    }

    /** Prompt plus the completion budget: what the request may need in context. */
    public int totalTokens() {
        return promptTokens + maxTokens;
    }
}
