package dev.localai.gamingpc.gaming;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;

/**
 * Gaming mode as it is kept in the state file and shown in {@code /status}.
 *
 * @param since when it last changed; null when it never did
 * @param why   {@code manual} (an API call, the page, the CLI) or {@code detected} (the game detector)
 */
public record GamingModeState(@JsonProperty("enabled") boolean enabled, @JsonProperty("since") Instant since,
                              @JsonProperty("why") String why) {

    public static final String MANUAL = "manual";
    public static final String DETECTED = "detected";

    public static GamingModeState off() {
        return new GamingModeState(false, null, MANUAL);
    }
}
