package dev.localai.evalcli;

import java.util.List;

/**
 * The settings of a run as the router's {@code POST /api/evals} takes them; null means the router's default
 * ({@code stream}: the calls are streamed, so time to first token is measured).
 */
public record StartOptions(String name, List<String> policies, String reference, List<Double> thresholds,
                           Double target, Integer concurrency, Integer timeoutSeconds, String judge, Boolean stream) {

    /** A comma list for a query parameter, or null when the list is absent. */
    public static String commaList(List<?> values) {
        if (values == null || values.isEmpty()) {
            return null;
        }
        StringBuilder joined = new StringBuilder();
        for (Object v : values) {
            if (joined.length() > 0) {
                joined.append(',');
            }
            joined.append(v instanceof String s ? s.trim() : v);
        }
        return joined.toString();
    }
}
