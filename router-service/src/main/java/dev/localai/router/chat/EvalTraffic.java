package dev.localai.router.chat;

import dev.localai.openai.ApiException;
import dev.localai.router.keys.KeyFilter;

import java.util.Map;
import java.util.UUID;

/**
 * Requests an eval run sends through the router ({@code dev.localai.router.evals}): {@code X-Router-Eval: <run id>}
 * marks them (the key filter lets only the administrator or an open router send it). They are logged with their
 * run, which keeps them out of the household's costs, savings and budgets; they neither read nor fill the
 * response cache (a cached answer would make a policy look free and fast). {@code X-Router-Cascade-Threshold}
 * sets the threshold of the cascade the request is walked with, for a run's threshold sweep; only with
 * {@code X-Router-Eval}.
 */
final class EvalTraffic {

    static final String THRESHOLD_HEADER = "X-Router-Cascade-Threshold";

    private EvalTraffic() {
    }

    /** The run the request belongs to, or null; a value that is no UUID is a 400. */
    static UUID run(Map<String, String> headers) {
        String value = headers.get(KeyFilter.EVAL_HEADER.toLowerCase(java.util.Locale.ROOT));
        if (value == null) {
            return null;
        }
        try {
            return UUID.fromString(value.strip());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("'" + KeyFilter.EVAL_HEADER + "' must be an eval run's id (a UUID), not '"
                    + clip(value) + "'.", null, "invalid_value");
        }
    }

    /** The cascade threshold an eval run sets, or null; without {@code X-Router-Eval}, or outside [0, 1], a 400. */
    static Double threshold(Map<String, String> headers, UUID run) {
        String value = headers.get(THRESHOLD_HEADER.toLowerCase(java.util.Locale.ROOT));
        if (value == null) {
            return null;
        }
        if (run == null) {
            throw ApiException.badRequest("'" + THRESHOLD_HEADER + "' is for eval runs only (with '"
                    + KeyFilter.EVAL_HEADER + "'); set a cascade's threshold in the routing file.", null, "invalid_value");
        }
        try {
            double t = Double.parseDouble(value.strip());
            if (t >= 0 && t <= 1) {
                return t;
            }
        } catch (NumberFormatException e) {
            // the 400 below
        }
        throw ApiException.badRequest("'" + THRESHOLD_HEADER + "' must be a number between 0 and 1, not '"
                + clip(value) + "'.", null, "invalid_value");
    }

    /** The decision walked with its cascade at {@code threshold}; unchanged without a cascade or a threshold. */
    static Decider.Decided withThreshold(Decider.Decided decided, Double threshold) {
        if (threshold == null || decided.decision().cascade() == null) {
            return decided;
        }
        return new Decider.Decided(decided.table(), decided.request(), decided.signals(),
                decided.decision().withCascade(decided.decision().cascade().withThreshold(threshold)));
    }

    private static String clip(String value) {
        return value.length() > 60 ? value.substring(0, 60) + "…" : value;
    }
}
