package dev.localai.router.evals;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.localai.openai.ApiException;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How an eval run asks: which policies, the reference model of {@code cloud}, the model or alias of {@code local}
 * (null: the current routing with the {@code private} tag, which keeps every request in the house), the cascade's threshold sweep,
 * the quality target of the recommendation, how many calls at once, each call's time limit, the judge model of
 * {@code judge} checks, and whether answers are streamed (as chat clients ask; the time to first token is then
 * measured).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record EvalSettings(List<String> policies, String reference, String local, List<Double> thresholds,
                           double target, int concurrency, int timeoutS, String judge, boolean stream) {

    public static final List<String> POLICIES = List.of(Policy.LOCAL, Policy.CLOUD, Policy.CURRENT, Policy.CASCADE);
    static final List<Double> THRESHOLDS = List.of(0.3, 0.5, 0.7, 0.9);

    public EvalSettings {
        policies = List.copyOf(policies);
        thresholds = List.copyOf(thresholds);
    }

    /** One way of routing the prompts: a policy, and for the cascade one threshold of the sweep. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Policy(String name, String kind, Double threshold, String label) {
        public static final String LOCAL = "local";
        public static final String CLOUD = "cloud";
        public static final String CURRENT = "current";
        public static final String CASCADE = "cascade";
    }

    /** The settings' policies in order: local, cloud, current, then the cascade at each threshold, ascending. */
    public List<Policy> expand() {
        List<Policy> out = new ArrayList<>();
        for (String p : POLICIES) {
            if (!policies.contains(p)) {
                continue;
            }
            switch (p) {
                case Policy.LOCAL -> out.add(new Policy(p, p, null, local == null ? "local only (tagged private)"
                        : "local only (" + local + ")"));
                case Policy.CLOUD -> out.add(new Policy(p, p, null, "cloud only (" + reference + ")"));
                case Policy.CURRENT -> out.add(new Policy(p, p, null, "current routing"));
                default -> {
                    for (double t : thresholds) {
                        out.add(new Policy(p + "@" + t, p, t, "cascade, threshold " + t));
                    }
                }
            }
        }
        return out;
    }

    /** Reads the query parameters of {@code POST /api/evals}; a bad one is a 400 naming it. */
    public static EvalSettings of(String policies, String reference, String local, String thresholds, String target,
                                  String concurrency, String timeout, String judge, String stream, String defaultReference,
                                  String defaultLocal) {
        List<String> chosen = new ArrayList<>();
        if (blank(policies)) {
            chosen.addAll(POLICIES);
        } else {
            Set<String> seen = new LinkedHashSet<>();
            for (String p : policies.split("[,\\s]+")) {
                String name = p.strip().toLowerCase(Locale.ROOT);
                if (name.isEmpty()) {
                    continue;
                }
                if (!POLICIES.contains(name)) {
                    throw ApiException.badRequest("Unknown policy '" + p + "'; the policies are local, cloud, current"
                            + " and cascade.", "policies", "invalid_value");
                }
                seen.add(name);
            }
            if (seen.isEmpty()) {
                throw ApiException.badRequest("'policies' names none; give some of local, cloud, current, cascade.",
                        "policies", "invalid_value");
            }
            chosen.addAll(seen);
        }
        String ref = blank(reference) ? defaultReference : reference.strip();
        if (chosen.contains(Policy.CLOUD) && blank(ref)) {
            throw ApiException.badRequest("The cloud policy needs a reference model: give 'reference' (backend/model),"
                    + " or set router.savings.reference.", "reference", "missing_required_parameter");
        }
        List<Double> sweep = new ArrayList<>();
        if (blank(thresholds)) {
            sweep.addAll(THRESHOLDS);
        } else {
            for (String t : thresholds.split("[,\\s]+")) {
                if (t.isBlank()) {
                    continue;
                }
                double value = number("thresholds", t);
                if (value < 0 || value > 1) {
                    throw ApiException.badRequest("Each threshold must be between 0 and 1, not " + t + ".", "thresholds",
                            "invalid_value");
                }
                if (!sweep.contains(value)) {
                    sweep.add(value);
                }
            }
            if (sweep.isEmpty() || sweep.size() > 20) {
                throw ApiException.badRequest("'thresholds' must name 1 to 20 thresholds.", "thresholds", "invalid_value");
            }
        }
        sweep.sort(null);
        double goal = blank(target) ? 0.95 : number("target", target);
        if (goal <= 0 || goal > 1) {
            throw ApiException.badRequest("'target' must be above 0 and at most 1 (a share of the reference's success"
                    + " rate), not " + target + ".", "target", "invalid_value");
        }
        int parallel = blank(concurrency) ? 2 : integer("concurrency", concurrency, 1, 16);
        int seconds = blank(timeout) ? 60 : integer("timeout", timeout, 1, 600);
        boolean streamed = blank(stream) || switch (stream.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ApiException.badRequest("'stream' must be true or false.", "stream", "invalid_value");
        };
        return new EvalSettings(chosen, ref, blank(local) ? defaultLocal : local.strip(), sweep, goal, parallel, seconds,
                blank(judge) ? "small" : judge.strip(), streamed);
    }

    private static double number(String name, String value) {
        try {
            double d = Double.parseDouble(value.strip());
            if (Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // the 400 below
        }
        throw ApiException.badRequest("'" + name + "' must be a number, not '" + value + "'.", name, "invalid_value");
    }

    private static int integer(String name, String value, int min, int max) {
        int i;
        try {
            i = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("'" + name + "' must be a whole number, not '" + value + "'.", name,
                    "invalid_value");
        }
        if (i < min || i > max) {
            throw ApiException.badRequest("'" + name + "' must be between " + min + " and " + max + ".", name,
                    "invalid_value");
        }
        return i;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
