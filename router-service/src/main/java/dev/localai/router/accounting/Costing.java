package dev.localai.router.accounting;

import dev.localai.router.config.RouterConfig;
import dev.localai.router.routing.RoutingTableHolder;
import dev.localai.router.routing.policy.Price;
import dev.localai.router.routing.policy.RoutingTable;
import dev.localai.router.routing.policy.Target;
import dev.localai.router.routing.signals.TokenEstimator;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

/**
 * Tokens, cost and savings of one finished request. Tokens come from the backend's usage when it
 * sent one, else the router counts them (cl100k): the prompt from its own estimate, the answer from
 * the text the client received. Cost is the served model's price from the routing file; saved is
 * what the reference cloud model would have cost for the same tokens, minus that.
 */
@ApplicationScoped
public class Costing {

    private final RoutingTableHolder routing;
    private final RouterConfig.Savings savings;
    private final TokenEstimator tokens = new TokenEstimator(0);

    public Costing(RoutingTableHolder routing, RouterConfig config) {
        this.routing = routing;
        this.savings = config.savings();
    }

    /** A request's figures, ready to be written. */
    public record Figures(int promptTokens, int completionTokens, boolean counted, double cost, double saved) {
    }

    public Figures of(LoggedRequest r) {
        boolean counted = r.usagePrompt() < 0 || r.usageCompletion() < 0;
        int prompt = r.usagePrompt() >= 0 ? r.usagePrompt() : r.backend() == null ? 0 : r.estimatedPromptTokens();
        int completion = r.usageCompletion() >= 0 ? r.usageCompletion() : answerTokens(r);
        if (r.backend() == null || r.cacheHit()) {
            return new Figures(r.backend() == null ? 0 : prompt, r.backend() == null ? 0 : completion, counted, 0,
                    r.cacheHit() ? referencePrice().cost(prompt, completion) : 0);
        }
        RoutingTable table = routing.table();
        double cost = table.price(new Target(r.backend(), r.servedModel())).cost(prompt, completion);
        double saved = r.status() == 200 ? referencePrice().cost(prompt, completion) - cost : 0;
        return new Figures(prompt, completion, counted, cost, saved);
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

    private int answerTokens(LoggedRequest r) {
        if (r.answer().isEmpty()) {
            return 0;
        }
        int kept = tokens.exact(r.answer());
        return r.answerChars() <= r.answer().length() ? kept
                : (int) Math.round((double) kept * r.answerChars() / r.answer().length());
    }
}
