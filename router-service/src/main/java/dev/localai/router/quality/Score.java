package dev.localai.router.quality;

import java.util.List;

/**
 * What a judge says of one answer: a score in [0, 1] (1: good) and why. A judge that cannot say
 * (no log-probabilities from the backend, a judge model past its budget) abstains: {@link #abstains()}.
 */
public record Score(double value, List<String> reasons) {

    public Score {
        value = Math.max(0, Math.min(1, value));
        reasons = List.copyOf(reasons);
    }

    public static Score of(double value, String... reasons) {
        return new Score(value, List.of(reasons));
    }

    /** The judge cannot score this answer; {@code why} says why. */
    public static Score abstain(String why) {
        return new Score(Double.NaN, List.of(why));
    }

    public boolean abstains() {
        return Double.isNaN(value);
    }
}
