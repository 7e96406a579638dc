package dev.localai.router.evals;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What an eval run's answers add up to, per policy setting (success, cost, latency, time to first token, share
 * kept local, escalations), and the recommended cascade threshold: the cheapest setting of the sweep whose
 * success rate is at least {@code target} times the reference's (the {@code cloud} policy's); on equal cost the
 * more successful, then the lower threshold.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record EvalSummary(List<PolicyStats> policies, Recommended recommended, String recommendationNote) {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Percentiles(Double p50, Double p95) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record PolicyStats(String policy, String label, Double threshold, int prompts, int answered, int passed,
                              int failed, int errors, Double successRate, double costUsd, Double costPerPromptUsd,
                              Percentiles latencyMs, Percentiles ttftMs, Double localShare, int escalations) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Recommended(String policy, double threshold, double successRate, double costUsd,
                              double referenceSuccessRate, double targetRate, double savesUsd, String reason) {
    }

    /**
     * @param complete whether every answer of the run is in: a recommendation is only made on a whole run
     */
    public static EvalSummary of(EvalSettings settings, List<EvalResult> results, boolean complete) {
        Map<String, List<EvalResult>> byPolicy = new HashMap<>();
        for (EvalResult r : results) {
            byPolicy.computeIfAbsent(r.policy(), p -> new ArrayList<>()).add(r);
        }
        List<PolicyStats> stats = new ArrayList<>();
        for (EvalSettings.Policy p : settings.expand()) {
            stats.add(stats(p, byPolicy.getOrDefault(p.name(), List.of())));
        }
        if (!complete) {
            return new EvalSummary(stats, null, "the run has not finished: a threshold is recommended on a whole run");
        }
        PolicyStats reference = stats.stream().filter(s -> s.policy().equals(EvalSettings.Policy.CLOUD)).findFirst()
                .orElse(null);
        List<PolicyStats> sweep = stats.stream().filter(s -> s.threshold() != null).toList();
        if (sweep.isEmpty()) {
            return new EvalSummary(stats, null, "no cascade thresholds were run");
        }
        if (reference == null || reference.successRate() == null) {
            return new EvalSummary(stats, null, "no reference: run the cloud policy to compare the cascade with");
        }
        double targetRate = settings.target() * reference.successRate();
        List<PolicyStats> reaching = sweep.stream().filter(s -> s.successRate() != null
                && s.successRate() >= targetRate - 1e-9).toList();
        if (reaching.isEmpty()) {
            PolicyStats best = sweep.stream().filter(s -> s.successRate() != null)
                    .max(Comparator.comparingDouble(PolicyStats::successRate)).orElse(sweep.get(0));
            return new EvalSummary(stats, null, String.format("no threshold reaches %s of the reference's success rate"
                            + " (%s of %s); the best, %s, reached %s", percent(settings.target()), percent(targetRate),
                    percent(reference.successRate()), best.label(), best.successRate() == null ? "nothing"
                            : percent(best.successRate())));
        }
        PolicyStats pick = reaching.stream().min(Comparator.comparingDouble(PolicyStats::costUsd)
                .thenComparing(PolicyStats::successRate, Comparator.reverseOrder())
                .thenComparingDouble(PolicyStats::threshold)).orElseThrow();
        String reason = String.format("the cheapest threshold whose success rate (%s) reaches %s of the reference's"
                        + " (%s of %s)", percent(pick.successRate()), percent(settings.target()), percent(targetRate),
                percent(reference.successRate()));
        return new EvalSummary(stats, new Recommended(pick.policy(), pick.threshold(), pick.successRate(), pick.costUsd(),
                reference.successRate(), targetRate, reference.costUsd() - pick.costUsd(), reason), null);
    }

    static PolicyStats stats(EvalSettings.Policy p, List<EvalResult> rs) {
        int passed = 0;
        int errors = 0;
        int answered = 0;
        int local = 0;
        int escalations = 0;
        BigDecimal cost = BigDecimal.ZERO;
        List<Double> latency = new ArrayList<>();
        List<Double> ttft = new ArrayList<>();
        for (EvalResult r : rs) {
            if (r.passed()) {
                passed++;
            }
            if (r.errored()) {
                errors++;
            } else {
                answered++;
                if (r.local()) {
                    local++;
                }
                if (r.latencyMs() != null) {
                    latency.add(r.latencyMs());
                }
                if (r.ttftMs() != null) {
                    ttft.add(r.ttftMs());
                }
            }
            if (r.costUsd() != null) {
                cost = cost.add(r.costUsd());
            }
            if (r.escalations() != null) {
                escalations += r.escalations();
            }
        }
        int n = rs.size();
        double costUsd = cost.doubleValue();
        return new PolicyStats(p.name(), p.label(), p.threshold(), n, answered, passed, n - passed, errors,
                n == 0 ? null : (double) passed / n, costUsd, n == 0 ? null : costUsd / n,
                percentiles(latency), percentiles(ttft), answered == 0 ? null : (double) local / answered, escalations);
    }

    /** Nearest-rank percentiles; nulls when there is nothing to rank. */
    static Percentiles percentiles(List<Double> values) {
        if (values.isEmpty()) {
            return new Percentiles(null, null);
        }
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return new Percentiles(rank(sorted, 0.50), rank(sorted, 0.95));
    }

    private static double rank(List<Double> sorted, double q) {
        int i = (int) Math.ceil(q * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }

    static String percent(double share) {
        double p = share * 100;
        return (Math.abs(p - Math.rint(p)) < 0.05 ? String.format("%.0f", p) : String.format("%.1f", p)) + "%";
    }
}
