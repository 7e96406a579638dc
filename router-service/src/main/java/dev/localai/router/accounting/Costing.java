package dev.localai.router.accounting;

import dev.localai.router.config.RouterConfig;
import dev.localai.router.routing.RoutingTableHolder;
import dev.localai.router.Price;
import dev.localai.router.routing.policy.RoutingTable;
import dev.localai.router.Target;
import dev.localai.router.routing.signals.TokenEstimator;
import jakarta.inject.Singleton;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Tokens, cost and savings of one finished request. Tokens come from the backend's usage when it
 * sent one, else the router counts them (cl100k): the prompt from its own estimate, the answer from
 * the text the client received. Cost is the served model's price from the routing file; saved is
 * what the reference cloud model would have cost for the same tokens, minus that. With a quality cascade,
 * the answers the client never got are counted too: their tokens (usage, else counted) at their model's
 * price are the request's waste, part of its cost, so savings are net of escalations.
 */
@Singleton
public class Costing {

    private final RoutingTableHolder routing;
    private final RouterConfig.Savings savings;
    private final TokenEstimator tokens = new TokenEstimator(0);

    public Costing(RoutingTableHolder routing, RouterConfig config) {
        this.routing = routing;
        this.savings = config.savings();
    }

    /** The row with its tokens, cost and savings filled in. */
    public LogRow count(LogDraft d) {
        LogRow r = d.row();
        boolean counted = d.usagePrompt() < 0 || d.usageCompletion() < 0;
        int prompt = d.usagePrompt() >= 0 ? d.usagePrompt() : r.backend() == null ? 0 : d.estimatedPromptTokens();
        int completion = d.usageCompletion() >= 0 ? d.usageCompletion() : answerTokens(d);
        double cost;
        double saved;
        boolean served = r.backend() != null && !r.cacheHit();
        if (!served) {
            prompt = r.backend() == null ? 0 : prompt;
            completion = r.backend() == null ? 0 : completion;
            cost = 0;
            saved = r.cacheHit() ? referencePrice().cost(prompt, completion) : 0;
        } else {
            cost = routing.table().price(new Target(r.backend(), r.servedModel())).cost(prompt, completion);
            saved = r.status() == 200 ? referencePrice().cost(prompt, completion) - cost : 0;
        }
        if (d.attempts().isEmpty()) {
            return r.counted(prompt, completion, counted, BigDecimal.valueOf(cost), BigDecimal.valueOf(saved));
        }
        List<Attempt> attempts = new ArrayList<>(d.attempts().size());
        int escalated = 0;
        int wastedTokens = 0;
        double wasted = 0;
        for (Attempt a : d.attempts()) {
            if (a.served()) {
                attempts.add(a.counted(prompt, completion, BigDecimal.valueOf(cost)));
                continue;
            }
            escalated += Attempt.ESCALATED.equals(a.verdict()) ? 1 : 0;
            boolean answered = a.promptTokens() >= 0 || a.completionTokens() >= 0 || a.text() != null;
            int p = !answered ? 0 : a.promptTokens() >= 0 ? a.promptTokens() : d.estimatedPromptTokens();
            int c = a.completionTokens() >= 0 ? a.completionTokens() : a.text() == null ? 0 : tokens.exact(a.text());
            double spent = routing.table().price(new Target(a.backend(), a.model())).cost(p, c);
            attempts.add(a.counted(p, c, BigDecimal.valueOf(spent)));
            wastedTokens += p + c;
            wasted += spent;
        }
        double total = cost + wasted;
        String json;
        try {
            json = JSON.writeValueAsString(attempts);
        } catch (com.fasterxml.jackson.core.JsonProcessingException impossible) {
            json = null;
        }
        return r.counted(prompt, completion, counted, BigDecimal.valueOf(total),
                BigDecimal.valueOf(served && r.status() == 200 ? saved - wasted : saved), json, escalated, wastedTokens,
                BigDecimal.valueOf(wasted));
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    /** The reference model's price: the routing file's, else the configured one, else none (no savings). */
    public Price referencePrice() {
        Optional<Target> reference = routing.table().concrete(savings.reference());
        Price fromTable = reference.map(routing.table()::price).orElse(Price.FREE);
        if (!fromTable.equals(Price.FREE)) {
            return fromTable;
        }
        return new Price(savings.inputPerMillion().orElse(0d), savings.outputPerMillion().orElse(0d));
    }

    private int answerTokens(LogDraft d) {
        if (d.answer().isEmpty()) {
            return 0;
        }
        int kept = tokens.exact(d.answer());
        return d.answerChars() <= d.answer().length() ? kept
                : (int) Math.round((double) kept * d.answerChars() / d.answer().length());
    }
}
