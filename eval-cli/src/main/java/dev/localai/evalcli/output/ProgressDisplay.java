package dev.localai.evalcli.output;

import dev.localai.evalcli.EvalRun.Progress;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;

/**
 * A run's progress on stderr: on a terminal one bar redrawn in place ({@code [#######.........]  17/42  40%  eta 12 s}),
 * otherwise a plain line when the count moved and at most every {@link #LINE_EVERY}, so a log file stays short.
 * The estimate goes by the pace since the first look at the run.
 */
public final class ProgressDisplay {

    public static final Duration LINE_EVERY = Duration.ofSeconds(5);
    static final int BAR_WIDTH = 30;

    private final PrintStream out;
    private final boolean terminal;
    private Instant firstSeen;
    private int firstDone = -1;
    private int lastDone = -1;
    private Instant lastLine;
    private boolean drawn;

    public ProgressDisplay(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    /** Shows the progress as of {@code now}. */
    public void update(Progress p, Instant now) {
        if (p == null) {
            return;
        }
        if (firstSeen == null || p.done() < firstDone) {
            firstSeen = now;
            firstDone = p.done();
        }
        Duration eta = eta(firstDone, firstSeen, p, now);
        if (terminal) {
            out.print("\r" + bar(p, eta) + "\u001b[K");
            out.flush();
            drawn = true;
        } else if (p.done() != lastDone && (lastLine == null || !now.isBefore(lastLine.plus(LINE_EVERY))
                || p.done() >= p.total())) {
            out.println(line(p, eta));
            lastLine = now;
            lastDone = p.done();
        }
    }

    /** Ends the bar's line, so what follows starts on its own. */
    public void finish() {
        if (terminal && drawn) {
            out.println();
            drawn = false;
        }
    }

    /** {@code [#######.........]  17/42  40%  eta 12 s}; the estimate is left out while there is none. */
    public static String bar(Progress p, Duration eta) {
        int total = Math.max(0, p.total());
        int done = Math.min(Math.max(0, p.done()), total);
        int filled = total == 0 ? 0 : (int) ((long) done * BAR_WIDTH / total);
        String count = String.valueOf(total);
        String doneText = " ".repeat(Math.max(0, count.length() - String.valueOf(done).length())) + done;
        return "[" + "#".repeat(filled) + ".".repeat(BAR_WIDTH - filled) + "]  " + doneText + "/" + count + "  "
                + String.format("%3d%%", percent(done, total)) + (eta == null ? "" : "  eta " + Formats.duration(eta));
    }

    /** {@code progress 17/42 (40%), eta 12 s}. */
    public static String line(Progress p, Duration eta) {
        return "progress " + p.done() + "/" + p.total() + " (" + percent(p.done(), p.total()) + "%)"
                + (eta == null ? "" : ", eta " + Formats.duration(eta));
    }

    static int percent(int done, int total) {
        return total <= 0 ? 0 : (int) ((long) Math.min(done, total) * 100 / total);
    }

    /** Time left at the pace from (firstDone at firstSeen) to now; null until something has been done since. */
    static Duration eta(int firstDone, Instant firstSeen, Progress p, Instant now) {
        int since = p.done() - firstDone;
        if (since <= 0 || p.done() >= p.total()) {
            return p.done() >= p.total() && p.total() > 0 ? Duration.ZERO : null;
        }
        Duration elapsed = Duration.between(firstSeen, now);
        return Duration.ofMillis(elapsed.toMillis() * (p.total() - p.done()) / since);
    }
}
