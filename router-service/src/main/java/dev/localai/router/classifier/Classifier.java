package dev.localai.router.classifier;

import dev.localai.router.Backend;
import dev.localai.router.Complexity;
import dev.localai.router.backend.SmallModel;
import dev.localai.router.routing.policy.ClassifierPlan;
import dev.localai.router.routing.policy.RoutingTable;
import io.vertx.core.Future;
import jakarta.inject.Singleton;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * "The 3070 decides": the small local model labels a request's complexity within the plan's budget
 * ({@link SmallModel}). Labels are cached by prompt (at most {@value #CACHE} prompts; a chat UI sends the
 * same question again with every retry or regeneration). On a timeout, an error or a reply that names no
 * label, the heuristic's label stands, and its reasons say why. Only labels are cached, not failures.
 */
@Singleton
public class Classifier {

    static final String INSTRUCTION = "Classify how hard the user's request is for an AI assistant. Reply with "
            + "exactly one word: simple, medium, complex or reasoning. simple: small talk, a fact, a short rewrite "
            + "or translation. medium: an explanation, a short piece of code or text. complex: a large task such as "
            + "a design, long or tricky code, an analysis. reasoning: mathematics, proofs, multi-step logic.";
    private static final Pattern LABEL = Pattern.compile("(?i)\\b(simple|medium|complex|reasoning)\\b");
    static final int CACHE = 4096;

    private final SmallModel model;
    private final Map<String, String> labels = new ConcurrentHashMap<>();

    public Classifier(SmallModel model) {
        this.model = model;
    }

    /** The cached label of {@code text} by {@code plan}'s model, over {@code heuristic}; null when none is cached. */
    public Complexity cached(ClassifierPlan plan, String text, Complexity heuristic) {
        String label = labels.get(key(plan, text));
        return label == null ? null : heuristic.by(label, who(plan), "cached");
    }

    /** The model's label of {@code text}, or {@code heuristic} with the reason the model could not say. */
    public Future<Complexity> label(ClassifierPlan plan, RoutingTable table, String text, Complexity heuristic) {
        Complexity hit = cached(plan, text, heuristic);
        if (hit != null) {
            return Future.succeededFuture(hit);
        }
        Backend backend = table.backends().get(plan.model().backend());
        if (backend == null) {
            return Future.succeededFuture(heuristic);
        }
        return model.ask(backend, plan.model().model(), INSTRUCTION, SmallModel.clip(text, 4000), 4, plan.budget())
                .map(reply -> {
                    if (!reply.ok()) {
                        return heuristic.by(heuristic.label(), heuristic.by(), who(plan) + ": " + reply.failure()
                                + ", the heuristic stands");
                    }
                    Matcher m = LABEL.matcher(reply.text());
                    if (!m.find()) {
                        return heuristic.by(heuristic.label(), heuristic.by(), who(plan) + " named no label ('"
                                + SmallModel.clip(reply.text().strip(), 40) + "'), the heuristic stands");
                    }
                    String label = m.group(1).toLowerCase(Locale.ROOT);
                    if (labels.size() >= CACHE) {
                        labels.clear();
                    }
                    labels.put(key(plan, text), label);
                    return heuristic.by(label, who(plan), "labelled in " + reply.millis() + " ms");
                });
    }

    private static String who(ClassifierPlan plan) {
        return "model " + plan.model().backend() + "/" + plan.model().model();
    }

    /** The prompt's length, hash and start, with the model: a prompt's key without keeping every long prompt. */
    private static String key(ClassifierPlan plan, String text) {
        return plan.model() + "\n" + text.length() + ":" + text.hashCode() + ":"
                + text.substring(0, Math.min(64, text.length()));
    }
}
