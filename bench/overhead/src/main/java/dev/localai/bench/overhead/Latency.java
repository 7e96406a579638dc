package dev.localai.bench.overhead;

import org.HdrHistogram.Histogram;

/**
 * Percentiles of one run, in microseconds, plus how many requests were sent, answered 200 and failed.
 */
record Latency(long sent, long ok, long failed, double seconds, long p50, long p90, long p99, long p999, long max) {

    static Histogram histogram() {
        return new Histogram(120_000_000L, 3);      // up to 120 s, 3 significant digits
    }

    static Latency of(Histogram h, long sent, long ok, long failed, double seconds) {
        return new Latency(sent, ok, failed, seconds, h.getValueAtPercentile(50), h.getValueAtPercentile(90),
                h.getValueAtPercentile(99), h.getValueAtPercentile(99.9), h.getMaxValue());
    }

    double rate() {
        return ok / seconds;
    }

    static String ms(long micros) {
        return String.format("%.2f", micros / 1000.0);
    }
}
