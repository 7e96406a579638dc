package dev.localai.mattermost.commands;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** Small pieces of reply text: times, money, lists. */
final class Texts {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MMM d, HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private Texts() {
    }

    /** {@code 14:02 UTC (3 min ago)}, or with the date when it was another day. */
    static String when(Instant at, Instant now) {
        boolean today = at.atZone(ZoneOffset.UTC).toLocalDate().equals(now.atZone(ZoneOffset.UTC).toLocalDate());
        return (today ? TIME : DAY).format(at) + " (" + ago(Duration.between(at, now)) + ")";
    }

    static String ago(Duration elapsed) {
        long minutes = Math.max(0, elapsed.toMinutes());
        if (minutes < 1) {
            return "just now";
        }
        if (minutes < 60) {
            return minutes + " min ago";
        }
        if (minutes < 24 * 60) {
            return minutes / 60 + " h " + minutes % 60 + " min ago";
        }
        long days = minutes / (24 * 60);
        return days + (days == 1 ? " day ago" : " days ago");
    }

    /** {@code in 4 min}, for something due. */
    static String in(Instant at, Instant now) {
        long minutes = Math.max(0, Duration.between(now, at).toMinutes());
        return minutes < 1 ? "in under a minute" : "in " + minutes + " min";
    }

    /** {@code $0.0123} below a dollar, {@code $4.20} above. */
    static String money(BigDecimal usd) {
        BigDecimal value = usd == null ? BigDecimal.ZERO : usd;
        int scale = value.abs().compareTo(BigDecimal.ONE) < 0 && value.signum() != 0 ? 4 : 2;
        return "$" + value.setScale(scale, RoundingMode.HALF_UP).toPlainString();
    }

    /** {@code a}, {@code a and b}, {@code a, b and c}, each in backticks. */
    static String names(List<String> names) {
        List<String> quoted = names.stream().map(n -> "`" + n + "`").toList();
        if (quoted.size() <= 1) {
            return String.join("", quoted);
        }
        return String.join(", ", quoted.subList(0, quoted.size() - 1)) + " and " + quoted.get(quoted.size() - 1);
    }

    static String plural(long count, String one, String many) {
        return count + " " + (count == 1 ? one : many);
    }

    static String seconds(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
