package dev.localai.router.routing.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.localai.router.Target;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * A quality cascade (a rule's {@code cascade} block, or the file's own for the {@code cascade} tag): each
 * answer is scored by the {@code judges} in [0, 1]; below {@code threshold} it is not returned and the next
 * backend of the chain answers instead, up to {@code maxAttempts} answers. A streamed answer is held for at
 * most {@code holdTokens} tokens or {@code holdTime} after its first token while it is scored.
 *
 * @param source      where the plan comes from: {@code rule <name>} or {@code tag cascade}
 * @param judges      some of {@link #JUDGES}, in the order they run
 * @param judge       the small model that scores answers, with its time budget; null unless {@code judge} is a judge
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CascadePlan(String source, List<String> judges, double threshold, int maxAttempts, int holdTokens,
                          Duration holdTime, JudgeModel judge) {

    public static final String CHECKS = "checks";
    public static final String LOGPROBS = "logprobs";
    public static final String CONFIDENCE = "confidence";
    public static final String JUDGE = "judge";
    public static final Set<String> JUDGES = Set.of(CHECKS, LOGPROBS, CONFIDENCE, JUDGE);
    /** The tag that asks for the file's cascade. */
    public static final String TAG = "cascade";

    /** When the file defines none, the {@code cascade} tag gets this: the checks, threshold 0.5, 2 answers, hold 32 tokens or 400 ms. */
    public static final CascadePlan BUILT_IN = new CascadePlan("built-in", List.of(CHECKS), 0.5, 2, 32,
            Duration.ofMillis(400), null);

    public CascadePlan {
        judges = List.copyOf(judges);
    }

    public boolean uses(String judgeName) {
        return judges.contains(judgeName);
    }

    /** The same plan with another threshold (an eval run's sweep), its source saying so. */
    public CascadePlan withThreshold(double newThreshold) {
        return new CascadePlan(source + ", threshold " + newThreshold + " set by an eval run", judges, newThreshold,
                maxAttempts, holdTokens, holdTime, judge);
    }

    /** The same plan, named after where a request got it. */
    public CascadePlan from(String newSource) {
        return new CascadePlan(newSource, judges, threshold, maxAttempts, holdTokens, holdTime, judge);
    }

    /** A small model asked to score an answer against its question, within {@code budget}. */
    public record JudgeModel(Target target, Duration budget) {
    }
}
