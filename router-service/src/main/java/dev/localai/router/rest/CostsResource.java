package dev.localai.router.rest;

import dev.localai.router.evals.EvalSummary;
import dev.localai.router.evals.EvalView;
import dev.localai.router.evals.EvalViews;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.localai.router.accounting.AccountingQueries;
import dev.localai.router.accounting.Costing;
import dev.localai.router.accounting.LogFilter;
import dev.localai.router.accounting.Period;
import dev.localai.router.config.RouterConfig;
import dev.localai.router.Price;
import dev.localai.router.accounting.Simulation;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What requests cost and saved: {@code GET /api/costs?period=day|week|month} and {@code GET /api/savings}. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class CostsResource {

    private final AccountingQueries queries;
    private final Costing costing;
    private final Simulation simulation;
    private final EvalViews evals;
    private final String reference;

    public CostsResource(AccountingQueries queries, Costing costing, RouterConfig config, Simulation simulation,
                         EvalViews evals) {
        this.simulation = simulation;
        this.evals = evals;
        this.queries = queries;
        this.costing = costing;
        this.reference = config.savings().reference();
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Costs(String period, Instant from, Instant to, String currency, AccountingQueries.Totals total,
                        List<AccountingQueries.Totals> groups) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Savings(String reference, Price referencePrice, String currency,
                          Map<String, AccountingQueries.Totals> periods, Map<String, Long> requestsByBackend) {
    }

    @GET
    @Path("/costs")
    public Costs costs(@QueryParam("period") String period) throws java.sql.SQLException {
        Period p = Period.of(period);
        Instant now = Instant.now();
        LogFilter filter = new LogFilter(p.start(now), null, null, null, null);
        return new Costs(p.label(), filter.from(), now, "USD", queries.total(filter), queries.grouped(filter));
    }

    @POST
    @Path("/costs/simulate")
    @jakarta.ws.rs.Consumes(MediaType.APPLICATION_JSON)
    public Simulation.Result simulate(Simulation.Request request) throws java.sql.SQLException {
        if (request == null || request.evalRun() == null || request.evalRun().isBlank()) {
            return simulation.run(request);
        }
        EvalView run = evals.get(request.evalRun(), false);
        if (!"done".equals(run.status())) {
            throw new dev.localai.openai.ApiException(409, dev.localai.openai.ApiError.of("Eval run '" + request.evalRun()
                    + "' is " + run.status() + "; a simulation takes the figures of a finished run.",
                    dev.localai.openai.ApiError.INVALID_REQUEST, "eval_run", "run_not_finished"));
        }
        List<Simulation.Measured> measured = new java.util.ArrayList<>();
        for (EvalSummary.PolicyStats p : run.policies()) {
            if (p.costPerPromptUsd() == null) {
                continue;
            }
            boolean recommended = run.recommended() != null && run.recommended().policy().equals(p.policy());
            measured.add(new Simulation.Measured("eval:" + p.policy(), String.format(java.util.Locale.ROOT,
                    "%s, measured by eval run '%s' on %d prompts: %s answered well, $%.6f per prompt%s", p.label(),
                    run.name(), p.prompts(), p.successRate() == null ? "none" : Math.round(p.successRate() * 1000) / 10.0
                            + "%", p.costPerPromptUsd(), recommended ? " (the recommended threshold)" : ""),
                    p.costPerPromptUsd(), p.successRate()));
        }
        return simulation.run(request, measured);
    }

    @GET
    @Path("/savings")
    public Savings savings() throws java.sql.SQLException {
        Instant now = Instant.now();
        Map<String, AccountingQueries.Totals> periods = new LinkedHashMap<>();
        for (Period p : Period.values()) {
            periods.put(p.label(), queries.total(new LogFilter(p.start(now), null, null, null, null)));
        }
        LogFilter all = new LogFilter(null, null, null, null, null);
        periods.put("all", queries.total(all));
        return new Savings(reference, costing.referencePrice(), "USD", periods,
                queries.requestsByBackend(new LogFilter(Period.MONTH.start(now), null, null, null, null)));
    }
}
