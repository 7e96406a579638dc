package dev.localai.router.accounting;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.localai.openai.ApiException;
import dev.localai.router.Price;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a workload would cost three ways: everything on the reference cloud model, everything local
 * (free, or the configured electricity price), and the current hybrid policy (the cost per request
 * seen in the request log). The workload is given (requests per day, tokens per request) or taken
 * from the last 30 days of the log.
 */
@ApplicationScoped
public class Simulation {

    private static final Duration OBSERVED = Duration.ofDays(30);

    private final AccountingQueries queries;
    private final Costing costing;

    public Simulation(AccountingQueries queries, Costing costing) {
        this.queries = queries;
        this.costing = costing;
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Request(Integer days, Double requestsPerDay, Double promptTokens, Double completionTokens,
                          String evalRun) {
    }

    /**
     * A scenario measured rather than assumed: a policy of an eval run, with the cost per prompt and the share
     * of prompts answered well that it had on the run's prompts.
     */
    public record Measured(String name, String basis, double costPerRequest, Double successRate) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Scenario(String name, Double costUsd, String basis, Double successRate) {

        public Scenario(String name, Double costUsd, String basis) {
            this(name, costUsd, basis, null);
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Result(int days, double requestsPerDay, double promptTokens, double completionTokens, String workload,
                         List<Scenario> scenarios, Double hybridSavesUsd) {
    }

    public Result run(Request request) throws java.sql.SQLException {
        return run(request, List.of());
    }

    /**
     * The three scenarios, then each {@code measured} one (an eval run's policies) at the same workload: its cost
     * per prompt times the requests, with its success rate.
     */
    public Result run(Request request, List<Measured> measured) throws java.sql.SQLException {
        int days = request == null || request.days() == null ? 30 : request.days();
        if (days < 1 || days > 3650) {
            throw ApiException.badRequest("'days' must be between 1 and 3650.", "days", "invalid_value");
        }
        Instant now = Instant.now();
        AccountingQueries.Totals seen = queries.total(new LogFilter(now.minus(OBSERVED), null, null, null, null));
        Instant first = queries.firstSince(now.minus(OBSERVED));
        double observedDays = first == null ? 0 : Math.max(1, Duration.between(first, now).toHours() / 24.0);
        long answered = seen.requests();
        double perDay = pick(request == null ? null : request.requestsPerDay(),
                observedDays == 0 ? null : answered / observedDays, "requests_per_day");
        double prompt = pick(request == null ? null : request.promptTokens(),
                answered == 0 ? null : (double) seen.promptTokens() / answered, "prompt_tokens");
        double completion = pick(request == null ? null : request.completionTokens(),
                answered == 0 ? null : (double) seen.completionTokens() / answered, "completion_tokens");
        double total = perDay * days;
        Price reference = costing.referencePrice();
        double cloud = total * (prompt * reference.inputPerMillion()
                + completion * reference.outputPerMillion()) / 1e6;
        Double hybrid = answered == 0 ? null : total * seen.costUsd().doubleValue() / answered;
        String workload = request != null && request.requestsPerDay() != null
                ? "given" : String.format("observed: %d requests over %.1f days", answered, observedDays);
        List<Scenario> scenarios = new ArrayList<>(List.of(
                new Scenario("pure_cloud", cloud, "every request on the reference model at its price"),
                new Scenario("pure_local", 0.0, "every request on local GPUs; electricity not counted"),
                new Scenario("hybrid", hybrid, hybrid == null ? "no requests logged yet to measure the policy by"
                        : "the cost per request the current policy had over the last 30 days")));
        for (Measured m : measured) {
            scenarios.add(new Scenario(m.name(), total * m.costPerRequest(), m.basis(), m.successRate()));
        }
        return new Result(days, perDay, prompt, completion, workload, scenarios, hybrid == null ? null : cloud - hybrid);
    }

    private static double pick(Double given, Double observed, String name) {
        if (given != null) {
            if (given < 0) {
                throw ApiException.badRequest("'" + name + "' must be 0 or more.", name, "invalid_value");
            }
            return given;
        }
        if (observed == null) {
            throw ApiException.badRequest("No requests are logged yet to take '" + name + "' from; give it.",
                    name, "missing_field");
        }
        return observed;
    }
}
