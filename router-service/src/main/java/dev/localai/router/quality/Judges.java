package dev.localai.router.quality;

import dev.localai.router.routing.policy.CascadePlan;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs a plan's judges over one answer and combines their scores: the checks are a gate, the others
 * (log-probabilities, self-reported confidence, the judge model) are averaged, and the answer's score is
 * the lower of the two. A judge that cannot say abstains; when every judge abstains the answer is
 * unscored (NaN) and passes: nothing says it is poor. Checks that read code with a real parser run on a
 * worker thread, the rest where the answer arrived.
 */
@Singleton
public class Judges {

    private final JudgeModel model;
    private final Vertx vertx;

    public Judges(JudgeModel model, Vertx vertx) {
        this.model = model;
        this.vertx = vertx;
    }

    public Future<Score> score(CascadePlan plan, Answer answer) {
        if (!plan.uses(CascadePlan.CHECKS)) {
            return rest(plan, answer, null);
        }
        if (Checks.parsesCode(answer)) {
            // a real parser takes about a millisecond per thousand characters: not on the event loop
            return vertx.executeBlocking(() -> Checks.score(answer), false).compose(checks -> rest(plan, answer, checks));
        }
        return rest(plan, answer, Checks.score(answer));
    }

    private Future<Score> rest(CascadePlan plan, Answer answer, Score checks) {
        List<Score> scores = new ArrayList<>();
        if (checks != null && checks.value() == 0) {
            return Future.succeededFuture(checks);           // empty or not the JSON asked for: nothing to weigh
        }
        if (plan.uses(CascadePlan.LOGPROBS)) {
            scores.add(Logprobs.score(answer));
        }
        if (plan.uses(CascadePlan.CONFIDENCE)) {
            scores.add(answer.complete() ? SelfConfidence.score(answer)
                    : Score.abstain("confidence: not asked of a stream"));
        }
        Future<Score> judged = plan.uses(CascadePlan.JUDGE) && plan.judge() != null
                ? model.score(plan.judge(), answer) : Future.succeededFuture(null);
        return judged.map(fromModel -> {
            if (fromModel != null) {
                scores.add(fromModel);
            }
            return combine(checks, scores);
        });
    }

    static Score combine(Score checks, List<Score> others) {
        List<String> reasons = new ArrayList<>();
        double sum = 0;
        int n = 0;
        for (Score s : others) {
            reasons.addAll(s.reasons());
            if (!s.abstains()) {
                sum += s.value();
                n++;
            }
        }
        double rest = n == 0 ? Double.NaN : sum / n;
        if (checks != null) {
            reasons.addAll(0, checks.reasons());
            return new Score(Double.isNaN(rest) ? checks.value() : Math.min(checks.value(), rest), reasons);
        }
        return new Score(rest, reasons);
    }
}
