package dev.localai.router.quality;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BooleanNode;
import dev.localai.openai.ChatCompletionRequest;
import dev.localai.router.Backend;
import dev.localai.router.Route;
import dev.localai.router.accounting.Attempt;
import dev.localai.router.accounting.RequestRecord;
import dev.localai.router.backend.ExchangeEvents;
import dev.localai.router.backend.RouterHeaders;
import dev.localai.router.client.ClientWriter;
import dev.localai.router.routing.policy.CascadePlan;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The quality cascade (see {@code README.md}): one {@link Run} per request that has a plan, asked by the
 * chain walk for each attempt. An attempt's answer is held and scored ({@link HeldAnswer}, {@link Judges});
 * at or above the threshold it goes to the client, below it is dropped and the walk tries the next backend,
 * up to the plan's {@code max-attempts} answers. When every answer fell short, the best of them is returned
 * (plain requests; a dropped stream cannot be resumed) and {@code X-Router-Cascade: below-threshold} says so.
 * The last answer of a stream that could still be asked for is not held: nothing could replace it.
 */
@Singleton
public class Cascade {

    /** Each answer as {@code backend/model;score=0.42;verdict=escalated}, in order. */
    public static final String ATTEMPTS = "X-Router-Attempts";
    /** {@code accepted}, or {@code below-threshold} when the best of answers that all fell short was returned. */
    public static final String OUTCOME = "X-Router-Cascade";

    private final Judges judges;
    private final Vertx vertx;
    private final ObjectMapper json;

    public Cascade(Judges judges, Vertx vertx, ObjectMapper json) {
        this.judges = judges;
        this.vertx = vertx;
        this.json = json;
    }

    /** A run of {@code plan} for one request; null when there is no plan, and nothing is held. */
    public Run start(CascadePlan plan, String taskType, ClientWriter client, RequestRecord record) {
        return plan == null ? null : new Run(plan, taskType, client, record);
    }

    /** One request's cascade. Confined to its event loop. */
    public final class Run {
        private final CascadePlan plan;
        private final String taskType;
        private final ClientWriter client;
        private final RequestRecord record;
        private final List<Attempt> attempts = new ArrayList<>();
        private final List<HeldAnswer> answers = new ArrayList<>();
        private Future<Void> delivered;

        Run(CascadePlan plan, String taskType, ClientWriter client, RequestRecord record) {
            this.plan = plan;
            this.taskType = taskType;
            this.client = client;
            this.record = record;
        }

        /**
         * The next attempt, on {@code route}; {@code more} is whether the chain has a backend after this one.
         * Its writer and events go to the forwarder, with {@link HeldAnswer#sent()} as the request.
         */
        public HeldAnswer attempt(Route route, ChatCompletionRequest request, boolean more) {
            boolean last = !more || answers.size() + 1 >= plan.maxAttempts();
            Backend backend = route.backend();
            boolean confidence = plan.uses(CascadePlan.CONFIDENCE) && !backend.leavesHouse()
                    && SelfConfidence.applies(request);
            ChatCompletionRequest sent = confidence ? SelfConfidence.ask(request) : request;
            if (plan.uses(CascadePlan.LOGPROBS) && Backend.OPENAI.equals(backend.type())) {
                sent = sent.withExtra("logprobs", BooleanNode.TRUE);
            }
            HeldAnswer held = new HeldAnswer(client, record, route, sent, taskType, confidence, plan.holdTokens(),
                    plan.holdTime().toMillis(), vertx, json);
            if (last && request.wantsStream()) {
                attempts.add(attempt(held, null, Attempt.UNSCORED, List.of("the last answer of a stream is not held")));
                held.release(() -> headers(held, Attempt.UNSCORED));
                return held;
            }
            held.judge(answer -> judges.score(plan, answer)
                    .otherwise(e -> Score.abstain("judges failed: " + e.getMessage()))
                    .map(score -> decide(held, score, last)));
            answers.add(held);
            return held;
        }

        /**
         * After the forwarder is done with {@code held}: true when the request is answered (or the client
         * gone), false when the next backend should answer.
         */
        public Future<Boolean> after(HeldAnswer held, AsyncResult<Void> forwarded) {
            if (forwarded.failed()) {
                if (!held.released()) {
                    answers.remove(held);
                    attempts.add(attempt(held, null, Attempt.FAILED, List.of(String.valueOf(forwarded.cause().getMessage()))));
                    record.attempts(attempts);
                }
                return Future.failedFuture(forwarded.cause());
            }
            if (held.released() || client.response().closed()) {
                return delivered == null ? Future.succeededFuture(true) : delivered.map(true);
            }
            return held.judged().compose(pass -> delivered != null ? delivered.map(true) : Future.succeededFuture(false));
        }

        /** What became of the last answer, for the reason the client is shown: {@code gpu-3070 scored 0.20 < 0.5}. */
        public String note() {
            if (attempts.isEmpty()) {
                return null;
            }
            Attempt a = attempts.get(attempts.size() - 1);
            return a.backend() + " scored " + (a.score() == null ? "-" : String.format(java.util.Locale.ROOT, "%.2f",
                    a.score())) + " < " + plan.threshold() + ", escalated";
        }

        /** The chain has nothing more: the best answer so far, if there is one (true), else false. */
        public Future<Boolean> exhausted() {
            if (delivered != null) {
                return delivered.map(true);
            }
            HeldAnswer best = best();
            if (best == null) {
                return Future.succeededFuture(false);
            }
            return deliverBest(best).map(true);
        }

        /** Pass: release it. Below, and the last: the best so far. Below with more to ask: drop it. */
        private Boolean decide(HeldAnswer held, Score score, boolean last) {
            boolean pass = score.abstains() || score.value() >= plan.threshold();
            Double value = score.abstains() ? null : score.value();
            if (pass) {
                attempts.add(attempt(held, value, Attempt.ACCEPTED, score.reasons()));
                record.routed(held.route());
                delivered = held.release(() -> headers(held, "accepted"));
                return true;
            }
            attempts.add(attempt(held, value, last ? Attempt.REJECTED : Attempt.ESCALATED, score.reasons()));
            held.scored(value, attempts.size() - 1);
            record.attempts(attempts);
            if (last) {
                HeldAnswer best = best();
                if (best != null) {
                    delivered = deliverBest(best);
                    return false;
                }
            }
            if (!held.kept()) {
                held.drop();                    // a stream: cancelled; a plain answer stays a candidate
            }
            return false;
        }

        private Future<Void> deliverBest(HeldAnswer best) {
            attempts.set(best.entry(), attempts.get(best.entry()).withVerdict(Attempt.BEST));
            record.routed(best.route());
            Future<Void> out = best.release(() -> headers(best, "below-threshold"));
            answers.stream().filter(a -> a != best).forEach(HeldAnswer::drop);
            return out;
        }

        /** The best-scored plain answer held so far (a dropped stream is gone), or null. */
        private HeldAnswer best() {
            HeldAnswer best = null;
            for (HeldAnswer a : answers) {
                if (a.kept() && (best == null || a.score() > best.score())) {
                    best = a;
                }
            }
            return best;
        }

        private void headers(HeldAnswer served, String outcome) {
            record.attempts(attempts);
            RouterHeaders.apply(client.response(), served.route());
            client.response().putHeader(ATTEMPTS, attempts.stream().map(Attempt::header)
                    .collect(Collectors.joining(",")));
            if (outcome != null) {
                client.response().putHeader(OUTCOME, outcome);
            }
        }

        private Attempt attempt(HeldAnswer held, Double score, String verdict, List<String> reasons) {
            return new Attempt(held.route().backend().name(), held.route().upstreamModel(), score, verdict, reasons,
                    held.millis(), held.events().promptTokens(), held.events().completionTokens(),
                    held.events().receivedText(), null);
        }
    }
}
