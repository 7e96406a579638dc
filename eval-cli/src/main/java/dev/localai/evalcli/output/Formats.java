package dev.localai.evalcli.output;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;

/** How the runner writes numbers: ASCII only (a terminal's encoding is not known), "-" for what is not known. */
public final class Formats {

    public static final String NONE = "-";

    private Formats() {
    }

    /** $0, $0.0012 (two significant digits below a cent), $1.25. */
    public static String usd(Double v) {
        if (v == null) {
            return NONE;
        }
        if (v == 0) {
            return "$0";
        }
        if (Math.abs(v) < 0.01) {
            return "$" + new BigDecimal(v).round(new MathContext(2)).stripTrailingZeros().toPlainString();
        }
        return String.format(java.util.Locale.ROOT, "$%.2f", v);
    }

    /** 85 ms, 1.2 s. */
    public static String ms(Double v) {
        if (v == null) {
            return NONE;
        }
        return v >= 1000 ? String.format(java.util.Locale.ROOT, "%.1f s", v / 1000) : Math.round(v) + " ms";
    }

    /** A fraction as a whole percentage: 0.8333 is 83%. */
    public static String percent(Double fraction) {
        return fraction == null ? NONE : Math.round(fraction * 100) + "%";
    }

    /** A threshold or rate as given, without trailing zeros: 0.5, 0.75. */
    public static String number(Double v) {
        return v == null ? NONE : BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    /** 12 s, 3 min 5 s, 1 h 2 min. */
    public static String duration(Duration d) {
        long s = Math.max(0, Math.round(d.toMillis() / 1000.0));
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return (s / 60) + " min " + (s % 60) + " s";
        }
        return (s / 3600) + " h " + (s % 3600 / 60) + " min";
    }
}
