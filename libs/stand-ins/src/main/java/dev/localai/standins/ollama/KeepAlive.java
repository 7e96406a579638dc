package dev.localai.standins.ollama;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;

/**
 * A request's {@code keep_alive}, read as Ollama's {@code api.Duration} reads it (docs/faq.mdx "How do I keep a
 * model loaded in memory or make it unload immediately?"): absent or null, the server default of 5 minutes; a
 * number, seconds; a string, a Go duration ({@code "10m"}, {@code "1h30m"}, {@code "500ms"}); anything
 * negative, forever; zero, unload now. Other JSON types and bad strings are refused in Go's words
 * ({@code Unsupported type: 'bool'}, {@code time: missing unit in duration "10"}).
 *
 * @param duration how long the model stays loaded after a request; ignored when {@code forever}
 */
record KeepAlive(Duration duration, boolean forever) {

    static final KeepAlive DEFAULT = new KeepAlive(Duration.ofMinutes(5), false);

    /** Whether this asks for an unload (a duration of exactly zero). */
    boolean unloads() {
        return !forever && duration.isZero();
    }

    /** When a model kept this long from {@code now} expires; forever is Go's {@code now + MaxInt64 ns} (year ~2318). */
    Instant expiry(Instant now) {
        return forever ? now.plusNanos(Long.MAX_VALUE) : now.plus(duration);
    }

    static KeepAlive of(JsonNode value) throws OllamaJson.BadBody {
        if (value == null || value.isMissingNode() || value.isNull()) {
            return DEFAULT;
        }
        if (value.isNumber()) {
            double seconds = value.asDouble();
            return seconds < 0 ? new KeepAlive(Duration.ZERO, true)
                    : new KeepAlive(Duration.ofNanos((long) (seconds * 1e9)), false);
        }
        if (value.isTextual()) {
            long nanos = parseGoDuration(value.asText());
            return nanos < 0 ? new KeepAlive(Duration.ZERO, true) : new KeepAlive(Duration.ofNanos(nanos), false);
        }
        String type = value.isBoolean() ? "bool" : value.isArray() ? "[]interface {}" : "map[string]interface {}";
        throw new OllamaJson.BadBody("Unsupported type: '" + type + "'");
    }

    /** Go's {@code time.ParseDuration}, in nanoseconds, with its error messages. */
    static long parseGoDuration(String text) throws OllamaJson.BadBody {
        String quoted = "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        String s = text;
        boolean negative = false;
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            negative = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if ("0".equals(s)) {
            return 0;
        }
        if (s.isEmpty()) {
            throw new OllamaJson.BadBody("time: invalid duration " + quoted);
        }
        double total = 0;
        int i = 0;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && Character.isDigit(s.charAt(i))) {
                i++;
            }
            boolean whole = i > start;
            int fraction = i;
            if (i < s.length() && s.charAt(i) == '.') {
                i++;
                fraction = i;
                while (i < s.length() && Character.isDigit(s.charAt(i))) {
                    i++;
                }
            }
            if (!whole && i == fraction) {
                throw new OllamaJson.BadBody("time: invalid duration " + quoted);
            }
            double number = Double.parseDouble((whole ? s.substring(start, i) : "0" + s.substring(start, i))
                    .replaceAll("\\.$", ""));
            int unitStart = i;
            while (i < s.length() && s.charAt(i) != '.' && !Character.isDigit(s.charAt(i))) {
                i++;
            }
            if (unitStart == i) {
                throw new OllamaJson.BadBody("time: missing unit in duration " + quoted);
            }
            String unit = s.substring(unitStart, i);
            long scale = unitNanos(unit);
            if (scale == 0) {
                throw new OllamaJson.BadBody("time: unknown unit \"" + unit + "\" in duration " + quoted);
            }
            total += number * scale;
        }
        long nanos = (long) Math.min(total, Long.MAX_VALUE);
        return negative ? -nanos : nanos;
    }

    private static long unitNanos(String unit) {
        return switch (unit) {
            case "ns" -> 1L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            case "us", "\u00b5s", "\u03bcs" -> 1_000L;
            default -> 0L;
        };
    }
}
