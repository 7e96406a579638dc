package dev.localai.router.accounting;

import dev.localai.router.config.RouterConfig;
import dev.localai.router.routing.RoutingTableHolder;
import dev.localai.router.Price;
import dev.localai.router.routing.policy.RoutingTable;
import dev.localai.router.Target;
import dev.localai.router.routing.signals.TokenEstimator;
import jakarta.inject.Singleton;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * Tokens, cost and savings of one finished request. Tokens come from the backend's usage when it
 * sent one, else the router counts them (cl100k): the prompt from its own estimate, the answer from
 * the text the client received. Cost is the served model's price from the routing file; saved is
 * what the reference cloud model would have cost for the same tokens, minus that.
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
        if (r.backend() == null || r.cacheHit()) {
            prompt = r.backend() == null ? 0 : prompt;
            completion = r.backend() == null ? 0 : completion;
            cost = 0;
            saved = r.cacheHit() ? referencePrice().cost(prompt, completion) : 0;
        } else {
            cost = routing.table().price(new Target(r.backend(), r.servedModel())).cost(prompt, completion);
            saved = r.status() == 200 ? referencePrice().cost(prompt, completion) - cost : 0;
        }
        return r.counted(prompt, completion, counted, BigDecimal.valueOf(cost), BigDecimal.valueOf(saved));
    }

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
