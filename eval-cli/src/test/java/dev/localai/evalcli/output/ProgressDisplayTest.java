package dev.localai.evalcli.output;

import dev.localai.evalcli.EvalRun.Progress;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressDisplayTest {

    static final Instant T0 = Instant.parse("2026-12-02T13:00:00Z");

    @Test
    void theBarFillsInProportionAndShowsCountPercentAndEstimate() {
        assertEquals("[############..................]  17/42   40%  eta 12 s",
                ProgressDisplay.bar(new Progress(17, 42), Duration.ofSeconds(12)));
        assertEquals("[..............................]   0/42    0%", ProgressDisplay.bar(new Progress(0, 42), null));
        assertEquals("[##############################]  42/42  100%  eta 0 s",
                ProgressDisplay.bar(new Progress(42, 42), Duration.ZERO));
        assertEquals("[..............................]  0/0    0%", ProgressDisplay.bar(new Progress(0, 0), null));
    }

    @Test
    void theEstimateIsThePaceSinceTheFirstLookTimesWhatIsLeft() {
        assertNull(ProgressDisplay.eta(2, T0, new Progress(2, 42), T0.plusSeconds(5)), "nothing done since");
        assertEquals(Duration.ofSeconds(30), ProgressDisplay.eta(2, T0, new Progress(12, 42), T0.plusSeconds(10)));
        assertEquals(Duration.ZERO, ProgressDisplay.eta(2, T0, new Progress(42, 42), T0.plusSeconds(10)));
    }

    @Test
    void onATerminalTheBarIsRedrawnInPlaceAndFinishEndsTheLine() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressDisplay display = new ProgressDisplay(new PrintStream(bytes, true, StandardCharsets.UTF_8), true);
        display.update(new Progress(0, 4), T0);
        display.update(new Progress(2, 4), T0.plusSeconds(4));
        display.finish();
        String shown = bytes.toString(StandardCharsets.UTF_8);
        assertEquals("\r[..............................]  0/4    0%\u001b[K"
                + "\r[###############...............]  2/4   50%  eta 4 s\u001b[K" + System.lineSeparator(), shown);
    }

    @Test
    void withoutATerminalALineIsWrittenWhenTheCountMovesAtMostEveryFiveSecondsAndAlwaysAtTheEnd() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressDisplay display = new ProgressDisplay(new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
        display.update(new Progress(0, 10), T0);
        display.update(new Progress(1, 10), T0.plusSeconds(1));     // too soon
        display.update(new Progress(1, 10), T0.plusSeconds(6));     // moved since the last line, 6 s later
        display.update(new Progress(1, 10), T0.plusSeconds(12));    // not moved
        display.update(new Progress(10, 10), T0.plusSeconds(13));   // the end, however soon
        display.finish();
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split(System.lineSeparator());
        assertEquals(3, lines.length, String.join("|", lines));
        assertEquals("progress 0/10 (0%)", lines[0]);
        assertEquals("progress 1/10 (10%), eta 54 s", lines[1]);
        assertEquals("progress 10/10 (100%), eta 0 s", lines[2]);
        assertTrue(bytes.toString(StandardCharsets.UTF_8).indexOf('\r') < 0, "no carriage returns in a log");
    }
}
